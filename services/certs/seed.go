package certs

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"

	"github.com/chanjiao/chanjiao/models"
)

// seedSource lists the first batch of 1+X certificates (domain.md §3.5 [C]).
const seedSource = "https://www.chinazy.org/info/1015/2981.htm"

// firstBatch is the first batch of 1+X certificates (2019): name and 培训评价组织.
var firstBatch = [][2]string{
	{"建筑信息模型（BIM）职业技能等级证书", "廊坊市中科建筑产业化创新研究中心"},
	{"Web前端开发职业技能等级证书", "北京新奥时代科技有限责任公司"},
	{"物流管理职业技能等级证书", "北京中物联物流采购培训中心"},
	{"老年照护职业技能等级证书", "北京中福长者文化科技有限公司"},
	{"汽车运用与维修（含智能新能源汽车）职业技能等级证书", "北京中车行高新技术有限公司"},
	{"智能财税职业技能等级证书", "中联集团教育科技有限公司"},
}

// Seed fills an empty catalogue with the six first-batch 1+X certificates; a
// catalogue with any entry is left alone, so it runs at every start. Each insert
// is audited with no actor (system). An entry another instance inserted
// meanwhile is skipped.
func (s *Service) Seed(ctx context.Context) error {
	ctx = models.WithPrincipal(ctx, nil) // the system writes, whoever called
	n, err := s.entries.C.Count(ctx, bson.D{})
	if err != nil {
		return fmt.Errorf("certs: seed: %w", err)
	}
	if n > 0 {
		return nil
	}
	for _, c := range firstBatch {
		e := &models.CertEntry{Type: models.CertX, Name: c[0], EvaluationOrg: c[1], Batch: 1,
			Levels: append([]string(nil), models.XLevels...), Status: models.CertActive, Source: seedSource}
		if err := s.checkEntry(e); err != nil {
			return fmt.Errorf("certs: seed %s: %w", c[0], err)
		}
		err := s.entries.Insert(ctx, e)
		var ce *models.ConflictError
		if errors.As(err, &ce) {
			continue
		}
		if err != nil {
			return fmt.Errorf("certs: seed %s: %w", c[0], err)
		}
	}
	return nil
}
