package certs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chanjiao/chanjiao/models"
)

func TestSeed(t *testing.T) {
	e := setup(t) // seeds once
	t.Run("OK six first-batch certificates", func(t *testing.T) {
		page, err := e.certs.FindEntries(e.office, models.CertEntryFilter{})
		must(t, err)
		if page.Total != 6 {
			t.Fatalf("total = %d, want 6", page.Total)
		}
		for _, c := range page.Items {
			if c.Type != models.CertX || c.Batch != 1 || strings.Join(c.Levels, ",") != "初级,中级,高级" || c.EvaluationOrg == "" ||
				c.Status != models.CertActive || c.Source != "https://www.chinazy.org/info/1015/2981.htm" {
				t.Fatalf("entry = %+v", c)
			}
		}
	})
	t.Run("OK idempotent", func(t *testing.T) {
		must(t, e.certs.Seed(context.Background()))
		must(t, e.certs.Seed(e.office)) // a caller's principal does not become the actor
		page, err := e.certs.FindEntries(e.office, models.CertEntryFilter{})
		must(t, err)
		if page.Total != 6 {
			t.Fatalf("total = %d, want 6", page.Total)
		}
	})
	t.Run("OK audited as system", func(t *testing.T) {
		log, err := e.audit.FindEntries(e.admin, models.AuditFilter{Entity: "cert_entry"})
		must(t, err)
		if log.Total != 6 {
			t.Fatalf("audit entries = %d, want 6", log.Total)
		}
		for _, a := range log.Items {
			if a.ActorName != "system" || !a.ActorID.IsZero() || a.Action != models.ActionCreate {
				t.Fatalf("audit = %+v", a)
			}
		}
	})
	t.Run("OK not when the catalogue has entries", func(t *testing.T) {
		e := setup(t)
		page, err := e.certs.FindEntries(e.admin, models.CertEntryFilter{})
		must(t, err)
		for _, c := range page.Items {
			if c.ID != e.web.ID {
				must(t, e.certs.DeleteEntry(e.admin, c.ID))
			}
		}
		must(t, e.certs.Seed(context.Background()))
		page, err = e.certs.FindEntries(e.admin, models.CertEntryFilter{})
		must(t, err)
		if page.Total != 1 {
			t.Fatalf("total = %d, want 1 (seed only fills an empty catalogue)", page.Total)
		}
	})
}

func xCert(name string) models.CertEntryFields {
	return models.CertEntryFields{Type: str(models.CertX), Name: str(name), EvaluationOrg: str("某培训评价组织"), Batch: num(2), Levels: &[]string{"高级", "初级"}}
}

func skill(code, name string) models.CertEntryFields {
	return models.CertEntryFields{Type: str(models.CertSkill), OccupationCode: str(code), OccupationName: str(name), Levels: &[]string{"四级", "五级"}}
}

func TestCatalogueRules(t *testing.T) {
	e := setup(t)
	t.Run("OK x_cert levels in order", func(t *testing.T) {
		c, err := e.certs.CreateEntry(e.office, xCert("网店运营推广职业技能等级证书"))
		must(t, err)
		if strings.Join(c.Levels, ",") != "初级,高级" || c.Status != models.CertActive {
			t.Fatalf("entry = %+v", c)
		}
	})
	t.Run("ErrDuplicateName", func(t *testing.T) {
		conflictOn(t, mustFail(e.certs.CreateEntry(e.admin, xCert("Web前端开发职业技能等级证书"))), "name")
	})
	t.Run("ErrNameSuffix", func(t *testing.T) {
		fieldErr(t, mustFail(e.certs.CreateEntry(e.office, xCert("网店运营推广证书"))), "name")
	})
	t.Run("ErrX", func(t *testing.T) {
		f := xCert("数字媒体交互设计职业技能等级证书")
		f.EvaluationOrg, f.Batch, f.Levels = str(""), num(5), &[]string{"五级"}
		err := mustFail(e.certs.CreateEntry(e.office, f))
		fieldErr(t, err, "evaluationOrg")
		fieldErr(t, err, "batch")
		fieldErr(t, err, "levels")
	})
	t.Run("OK skill and duplicate code+name", func(t *testing.T) {
		c, err := e.certs.CreateEntry(e.office, skill("6-31-01-03", "电工"))
		must(t, err)
		if c.Name != "电工" || strings.Join(c.Levels, ",") != "五级,四级" {
			t.Fatalf("entry = %+v", c)
		}
		conflictOn(t, mustFail(e.certs.CreateEntry(e.office, skill("6-31-01-03", "电工"))), "occupationCode")
		_, err = e.certs.CreateEntry(e.office, skill("6-31-01-03", "维修电工")) // same code, another 工种 name
		must(t, err)
	})
	t.Run("ErrSkill", func(t *testing.T) {
		f := skill("", "")
		f.Batch, f.Levels = num(1), &[]string{"初级"}
		err := mustFail(e.certs.CreateEntry(e.office, f))
		for _, field := range []string{"occupationCode", "occupationName", "batch", "levels"} {
			fieldErr(t, err, field)
		}
	})
	t.Run("ErrForbidden staff auditor enterprise", func(t *testing.T) {
		for _, ctx := range []context.Context{e.staff, e.auditor, e.company} {
			isErr(t, mustFail(e.certs.CreateEntry(ctx, xCert("云计算开发与运维职业技能等级证书"))), models.ErrForbidden)
		}
		isErr(t, mustFail(e.certs.FindEntries(e.company, models.CertEntryFilter{})), models.ErrForbidden)
		isErr(t, mustFail(e.certs.FindEntryByID(e.company, e.web.ID)), models.ErrForbidden)
		if _, err := e.certs.FindEntries(e.auditor, models.CertEntryFilter{Type: models.CertX}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrStaleVersion", func(t *testing.T) {
		isErr(t, mustFail(e.certs.UpdateEntry(e.office, e.bim.ID, models.CertEntryFields{Version: ver(e.bim.Version + 1), Source: str("x")})), models.ErrStaleVersion)
	})
}

func TestCatalogueInUse(t *testing.T) {
	e := setup(t)
	b := e.batch(t, e.web, "2026-06-15")
	t.Run("ErrDeleteWhileBatches", func(t *testing.T) {
		conflictOn(t, e.certs.DeleteEntry(e.admin, e.web.ID), "id")
	})
	t.Run("ErrDropLevelInUse", func(t *testing.T) {
		conflictOn(t, mustFail(e.certs.UpdateEntry(e.office, e.web.ID, models.CertEntryFields{Version: ver(e.web.Version), Levels: &[]string{"中级", "高级"}})), "levels")
	})
	t.Run("ErrTypeChangeInUse", func(t *testing.T) {
		f := skill("2-02-10-03", "网页设计")
		f.Version, f.Name, f.Batch = ver(e.web.Version), str("Web前端开发"), num(0)
		conflictOn(t, mustFail(e.certs.UpdateEntry(e.office, e.web.ID, f)), "type")
	})
	t.Run("OK delete once unused", func(t *testing.T) {
		must(t, e.certs.DeleteBatch(e.office, b.ID))
		must(t, e.certs.DeleteEntry(e.office, e.web.ID))
		isErr(t, mustFail(e.certs.FindEntryByID(e.office, e.web.ID)), models.ErrNotFound)
	})
	t.Run("ErrDeleteWhilePilots", func(t *testing.T) {
		e.pilot(t, e.bim)
		conflictOn(t, e.certs.DeleteEntry(e.admin, e.bim.ID), "id")
	})
}
