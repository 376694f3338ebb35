package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/chanjiao/chanjiao/models"
)

// Fictional people: names from the common surnames and given-name characters,
// ID numbers of Tianjin districts with their check character (GB 11643), mobile
// numbers; organisations' 统一社会信用代码 with theirs (GB 32100). No name or
// number belongs to anyone on purpose.

// surnames are common Chinese surnames, the commonest repeated so that they
// come up more often.
var surnames = []rune("王王王李李李张张张刘刘陈陈杨杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")

var givenMale = []rune("伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘")

var givenFemale = []rune("秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽")

// name is a full name: a surname and one or two given-name characters.
func name(r *rand.Rand, male bool) string {
	return string(surnames[r.IntN(len(surnames))]) + given(r, male)
}

// given is a given name of one or two characters.
func given(r *rand.Rand, male bool) string {
	chars := givenFemale
	if male {
		chars = givenMale
	}
	var b strings.Builder
	b.WriteRune(chars[r.IntN(len(chars))])
	if r.IntN(10) < 7 {
		b.WriteRune(chars[r.IntN(len(chars))])
	}
	return b.String()
}

// surnameOf is the first character of a name, for a parent's name.
func surnameOf(full string) string { return string([]rune(full)[0]) }

// mobile is an 11-digit mainland mobile number.
func mobile(r *rand.Rand) string {
	prefixes := []string{"130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "176", "177", "185", "186", "187", "188", "189"}
	return prefixes[r.IntN(len(prefixes))] + fmt.Sprintf("%08d", r.IntN(100000000))
}

// districts are Tianjin's district codes, the first six digits of an ID
// number of someone registered there.
var districts = []string{"120101", "120102", "120103", "120104", "120105", "120106", "120110", "120111", "120112", "120113", "120114", "120116"}

// idMaker draws ID numbers, never the same twice in one load.
type idMaker struct {
	r    *rand.Rand
	used map[string]bool
}

// idNumber is a valid 居民身份证号 born on birth: a district, the birth date, a
// sequence whose last digit is odd for a man and even for a woman, and the
// check character.
func (p *idMaker) idNumber(birth models.Date, male bool) string {
	for {
		seq := p.r.IntN(50)*2 + 1
		if !male {
			seq--
		}
		first := districts[p.r.IntN(len(districts))] + birth.Time().Format("20060102") + fmt.Sprintf("%02d", p.r.IntN(100)) + fmt.Sprintf("%d", seq%10)
		id := first + string(models.IDNumberCheckChar(first))
		if !p.used[id] {
			p.used[id] = true
			return id
		}
	}
}

// birthBetween is a day from a to b, both included.
func birthBetween(r *rand.Rand, a, b models.Date) models.Date {
	return a.AddDays(r.IntN(models.DaysBetween(a, b) + 1))
}

// orgCodeWeights are GB 11714's weights of an 组织机构代码's eight characters.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// creditCode is a valid 统一社会信用代码: authority and category (first two),
// the division code, an 组织机构代码 of eight digits with its own check
// character, and the check character over all seventeen.
func creditCode(r *rand.Rand, kind, division string) string {
	org := fmt.Sprintf("%08d", r.IntN(100000000))
	sum := 0
	for i, c := range org {
		sum += int(c-'0') * orgCodeWeights[i]
	}
	check := "0123456789X0"[11-sum%11 : 11-sum%11+1]
	first := kind + division + org + check
	return first + string(models.CreditCodeCheckChar(first))
}
