package demo

// The fictional world: the two schools' majors and the enterprises they work
// with. Names are made up; any likeness to a real organisation is chance.

// schoolSpec is one school as the demo sets it up.
type schoolSpec struct {
	code, name, district string
	prefix               string // of 学号 and 工号
	majors               []majorSpec
	teachers             int // full-time teachers besides the majors' own
}

// majorSpec is one major: its 2021-catalogue code (中职: 6x–7x), its classes
// per entry cohort, where its students observe (grade 1, 认识实习) and intern
// (grade 3, 岗位实习), the post they intern on and its teachers.
type majorSpec struct {
	code, name, short string
	classes, size     int      // classes per cohort and students per class, before Options.Scale
	visit             string   // firm of the grade-1 visit
	hosts             []string // firms of the 岗位实习, a firm named twice taking twice the interns
	post, postKey     string
	labourClass       int
	wageYuan          int64 // the hosts' probation wage on the post
	clinical          bool  // 8-month clinical placement from October (医药卫生, INT-15)
	professional      int   // professional-course teachers
	instructors       int   // 实习指导教师
}

var hongxing = schoolSpec{code: "HX1201060001", name: "天津市红星职业中等专业学校", district: "红桥区", prefix: "HX", teachers: 44,
	majors: []majorSpec{
		{code: "710201", name: "计算机应用", short: "计算机", classes: 3, size: 40, visit: "zhiyun",
			hosts: []string{"zhiyun", "zhiyun", "shulian", "haihe", "hengxin", "boyuan"}, post: "IT运维与技术支持", postKey: "IT运维", labourClass: 1,
			wageYuan: 3800, professional: 16, instructors: 3},
		{code: "700206", name: "汽车运用与维修", short: "汽修", classes: 3, size: 38, visit: "yuanhang",
			hosts: []string{"yuanhang", "yuanhang", "jiean", "beichen", "binhai"}, post: "汽车机电维修工", postKey: "汽车维修", labourClass: 2,
			wageYuan: 4000, professional: 14, instructors: 4},
		{code: "720201", name: "护理", short: "护理", classes: 4, size: 40, visit: "kangning",
			hosts: []string{"kangning", "kangning", "anhe", "anhe", "renji", "yinian", "kangtai"}, post: "临床护理", postKey: "护理", labourClass: 2,
			wageYuan: 3600, clinical: true, professional: 18, instructors: 3},
		{code: "730701", name: "电子商务", short: "电商", classes: 3, size: 36, visit: "yuncai",
			hosts: []string{"yuncai", "youpin", "shunda", "shunda", "legou"}, post: "电商运营助理", postKey: "电商运营", labourClass: 1,
			wageYuan: 3500, professional: 12, instructors: 2},
	}}

var dongli = schoolSpec{code: "DL1201100001", name: "天津市东丽区职业教育中心学校", district: "东丽区", prefix: "DL", teachers: 12,
	majors: []majorSpec{
		{code: "700206", name: "汽车运用与维修", short: "汽修", classes: 1, size: 40, visit: "guidao",
			hosts: []string{"yuanhang", "jiean", "jiean"}, post: "汽车机电维修工", postKey: "汽车维修", labourClass: 2,
			wageYuan: 3900, professional: 8, instructors: 2},
		{code: "740201", name: "中餐烹饪", short: "烹饪", classes: 1, size: 38, visit: "jinwei",
			hosts: []string{"jinwei", "jinwei", "haihehotel"}, post: "中式烹调助理", postKey: "中式烹调", labourClass: 2,
			wageYuan: 3600, professional: 7, instructors: 2},
	}}

// firmSpec is one enterprise: the first two characters of its credit code
// (91 a company, 12 a public institution such as a hospital), its division,
// size and on-post staff.
type firmSpec struct {
	key, name, kind, division, industry, size, address string
	staff                                              int
}

var firmSpecs = []firmSpec{
	{"zhiyun", "天津智云信息技术有限公司", "91", "120116", "信息传输、软件和信息技术服务业", "large", "天津市滨海新区开发区第三大街", 1200},
	{"shulian", "天津数联科技有限公司", "91", "120104", "信息传输、软件和信息技术服务业", "medium", "天津市南开区鞍山西道", 620},
	{"haihe", "天津海河软件服务有限公司", "91", "120103", "信息传输、软件和信息技术服务业", "medium", "天津市河西区友谊路", 520},
	{"hengxin", "天津恒信网络工程有限公司", "91", "120106", "信息传输、软件和信息技术服务业", "medium", "天津市红桥区光荣道", 360},
	{"boyuan", "天津博远软件有限公司", "91", "120111", "信息传输、软件和信息技术服务业", "medium", "天津市西青区海泰发展大道", 410},
	{"yuanhang", "天津远航汽车服务有限公司", "91", "120113", "机动车、电子产品和日用产品修理业", "large", "天津市北辰区京津公路", 1600},
	{"jiean", "天津捷安新能源汽车维修有限公司", "91", "120110", "机动车、电子产品和日用产品修理业", "medium", "天津市东丽区津塘公路", 760},
	{"beichen", "天津北辰汽车检测站有限公司", "91", "120113", "专业技术服务业", "medium", "天津市北辰区辰昌路", 280},
	{"binhai", "天津滨海联合汽车销售服务有限公司", "91", "120116", "批发业", "medium", "天津市滨海新区中心商务区", 380},
	{"kangning", "天津市红桥区康宁医院", "12", "120106", "卫生", "large", "天津市红桥区丁字沽一号路", 1100},
	{"anhe", "天津市河北区安和医院", "12", "120105", "卫生", "large", "天津市河北区中山路", 900},
	{"renji", "天津市南开区仁济康复医院", "12", "120104", "卫生", "medium", "天津市南开区复康路", 650},
	{"yinian", "天津颐年养老服务有限公司", "91", "120106", "居民服务业", "medium", "天津市红桥区西于庄", 420},
	{"kangtai", "天津康泰护理院有限公司", "91", "120102", "卫生", "medium", "天津市河东区十一经路", 320},
	{"yuncai", "天津云采电子商务有限公司", "91", "120111", "互联网和相关服务", "large", "天津市西青区中北镇", 800},
	{"youpin", "天津优品供应链管理有限公司", "91", "120114", "商务服务业", "medium", "天津市武清区京滨工业园", 600},
	{"shunda", "天津顺达物流有限公司", "91", "120110", "装卸搬运和仓储业", "large", "天津市东丽区空港物流加工区", 1500},
	{"legou", "天津乐购网络科技有限公司", "91", "120102", "互联网和相关服务", "medium", "天津市河东区津塘路", 300},
	{"jinwei", "天津津味餐饮管理有限公司", "91", "120101", "餐饮业", "medium", "天津市和平区南京路", 700},
	{"haihehotel", "天津海河大酒店有限公司", "91", "120105", "住宿业", "medium", "天津市河北区海河东路", 520},
	{"zhizao", "天津滨海智能制造有限公司", "91", "120116", "通用设备制造业", "large", "天津市滨海新区临港经济区", 2500},
	{"guidao", "天津东丽轨道交通装备有限公司", "91", "120110", "铁路、船舶、航空航天和其他运输设备制造业", "large", "天津市东丽区华明高新区", 1800},
	{"shuzi", "天津津南数字产业园运营有限公司", "91", "120112", "商务服务业", "medium", "天津市津南区海河教育园区", 300},
	{"huaxin", "天津华信会计师事务所有限公司", "91", "120103", "商务服务业", "small", "天津市河西区解放南路", 120},
	{"xinsilu", "天津新思路教育科技有限公司", "91", "120104", "教育", "small", "天津市南开区红旗路", 150},
	{"jinqiao", "天津金桥机械制造有限公司", "91", "120114", "专用设备制造业", "medium", "天津市武清区汽车产业园", 480},
	{"renhe", "天津市西青区仁和医院", "12", "120111", "卫生", "medium", "天津市西青区杨柳青镇", 560},
	{"yijiale", "天津宜家乐连锁超市有限公司", "91", "120106", "零售业", "large", "天津市红桥区西青道", 1300},
	{"keyun", "天津东丽区汽车客运有限公司", "91", "120110", "道路运输业", "medium", "天津市东丽区先锋东路", 640},
	{"yinhe", "天津银河网络传媒有限公司", "91", "120103", "互联网和相关服务", "small", "天津市河西区珠江道", 180},
	{"anju", "天津安居物业服务有限公司", "91", "120105", "房地产业", "medium", "天津市河北区金纬路", 700},
	{"zhongrui", "天津中瑞电子科技有限公司", "91", "120116", "计算机、通信和其他电子设备制造业", "medium", "天津市滨海新区高新区", 880},
	{"wantong", "天津万通快递有限公司", "91", "120113", "邮政业", "large", "天津市北辰区双街镇", 1100},
	{"shengshi", "天津盛世餐饮集团有限公司", "91", "120110", "餐饮业", "medium", "天津市东丽区东丽大道", 460},
	{"huating", "天津东丽华庭酒店有限公司", "91", "120110", "住宿业", "medium", "天津市东丽区成林道", 310},
	{"jingang", "天津津港物流有限公司", "91", "120116", "多式联运和运输代理业", "large", "天津市滨海新区东疆港区", 1050},
	{"kangda", "天津康达医疗器械有限公司", "91", "120111", "专用设备制造业", "medium", "天津市西青区学府工业区", 390},
	{"fenghe", "天津丰和汽车零部件有限公司", "91", "120114", "汽车制造业", "large", "天津市武清区开发区", 1400},
	{"xinghai", "天津星海网络科技有限公司", "91", "120104", "信息传输、软件和信息技术服务业", "small", "天津市南开区科研东路", 160},
	{"luban", "天津鲁班国际教育交流服务有限公司", "91", "120106", "教育", "small", "天津市红桥区芥园道", 60},
}
