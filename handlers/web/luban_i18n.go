package web

import "github.com/chanjiao/chanjiao/models"

// Labels of the partner-facing Luban Workshop summary in Chinese and in the
// partner's language (Workshop.LocalLang: fr, de, id or en). Each key holds
// zh, fr, de, id and en in that order; English is the fallback for a language
// the table does not know.

var lubanLangs = map[string]int{"zh": 0, "fr": 1, "de": 2, "id": 3, "en": 4}

var lubanLabels = map[string][5]string{
	"title":      {"鲁班工坊年度活动汇总", "Bilan annuel des activités de l'Atelier Luban", "Jahresbericht über die Aktivitäten der Luban-Werkstatt", "Ringkasan Kegiatan Tahunan Luban Workshop", "Annual Activity Summary of the Luban Workshop"},
	"workshop":   {"工坊名称", "Nom de l'atelier", "Name der Werkstatt", "Nama workshop", "Workshop name"},
	"country":    {"国家", "Pays", "Land", "Negara", "Country"},
	"city":       {"城市", "Ville", "Stadt", "Kota", "City"},
	"host":       {"外方合作院校", "Établissements partenaires", "Partnerinstitutionen", "Lembaga mitra", "Host institutions"},
	"chinese":    {"中方院校", "Établissements chinois", "Chinesische Institutionen", "Lembaga dari Tiongkok", "Chinese institutions"},
	"lead":       {"牵头", "chef de file", "federführend", "pemimpin", "lead"},
	"cobuilder":  {"共建", "co-fondateur", "Mitbegründer", "mitra pembangun", "co-builder"},
	"status":     {"状态", "Statut", "Status", "Status", "Status"},
	"year":       {"统计学年", "Année de référence", "Berichtsjahr", "Tahun pelaporan", "Statistical year"},
	"period":     {"统计期间", "Période", "Zeitraum", "Periode", "Period"},
	"to":         {"至", "au", "bis", "s.d.", "to"},
	"totals":     {"按活动类型汇总", "Totaux par type d'activité", "Summen nach Art der Aktivität", "Total menurut jenis kegiatan", "Totals by activity type"},
	"type":       {"活动类型", "Type d'activité", "Art der Aktivität", "Jenis kegiatan", "Activity type"},
	"count":      {"活动数", "Nombre d'activités", "Anzahl der Aktivitäten", "Jumlah kegiatan", "Number of activities"},
	"persons":    {"人数", "Personnes", "Personen", "Jumlah orang", "Persons"},
	"personDays": {"人日", "Jours-personnes", "Personentage", "Hari-orang", "Person-days"},
	"items":      {"数量", "Quantité", "Anzahl", "Kuantitas", "Quantity"},
	"value":      {"价值（元）", "Valeur (yuans)", "Wert (Yuan)", "Nilai (yuan)", "Value (yuan)"},
	"total":      {"合计", "Total", "Gesamt", "Total", "Total"},
	"list":       {"活动清单", "Liste des activités", "Liste der Aktivitäten", "Daftar kegiatan", "List of activities"},
	"dates":      {"日期", "Dates", "Datum", "Tanggal", "Dates"},
	"activity":   {"活动名称", "Intitulé", "Bezeichnung", "Nama kegiatan", "Title"},
	"teachers":   {"派出教师", "Enseignants détachés", "Entsandte Lehrkräfte", "Guru yang dikirim", "Teachers dispatched"},
	"days":       {"天", "jours", "Tage", "hari", "days"},
	"none":       {"本学年没有活动记录", "Aucune activité enregistrée pour cette année", "Für dieses Jahr sind keine Aktivitäten erfasst", "Tidak ada kegiatan yang tercatat untuk tahun ini", "No activities recorded for this year"},
	"print":      {"打印", "Imprimer", "Drucken", "Cetak", "Print"},
	"download":   {"下载Excel", "Télécharger (Excel)", "Herunterladen (Excel)", "Unduh (Excel)", "Download (Excel)"},
	"show":       {"查看", "Afficher", "Anzeigen", "Tampilkan", "Show"},
	"note": {"人日只计统计学年内的天数；跨学年的培训按天数比例计入。", "Les jours-personnes ne comptent que les jours compris dans l'année de référence ; une formation à cheval sur deux années y est comptée au prorata des jours.",
		"Personentage zählen nur die Tage innerhalb des Berichtsjahres; eine Schulung, die zwei Jahre überspannt, wird anteilig nach Tagen gezählt.",
		"Hari-orang hanya menghitung hari di dalam tahun pelaporan; pelatihan yang melintasi dua tahun dihitung secara proporsional menurut jumlah hari.",
		"Person-days count only the days inside the statistical year; a training spanning two years is counted pro rata by days."},
	"summarySheet":  {"汇总", "Synthèse", "Übersicht", "Ringkasan", "Summary"},
	"activitySheet": {"活动", "Activités", "Aktivitäten", "Kegiatan", "Activities"},
	// Activity types, by code (models.ActivityTypes).
	models.ActivityDegree:           {"学历教育", "Formation diplômante", "Abschlussorientierte Ausbildung", "Pendidikan bergelar", "Degree education"},
	models.ActivityShortTraining:    {"短期培训", "Formation de courte durée", "Kurzzeitschulung", "Pelatihan jangka pendek", "Short-term training"},
	models.ActivityLocalTeachers:    {"本土师资培训", "Formation des enseignants locaux", "Fortbildung einheimischer Lehrkräfte", "Pelatihan guru lokal", "Training of local teachers"},
	models.ActivityTeacherDispatch:  {"派出教师", "Enseignants détachés", "Entsendung von Lehrkräften", "Pengiriman guru", "Teachers dispatched"},
	models.ActivityStandard:         {"开发标准", "Élaboration de normes", "Entwicklung von Standards", "Pengembangan standar", "Standards developed"},
	models.ActivityTextbook:         {"双语教材", "Manuels bilingues", "Zweisprachige Lehrbücher", "Buku ajar dwibahasa", "Bilingual textbooks"},
	models.ActivityCourseResource:   {"课程资源", "Ressources pédagogiques", "Kursmaterialien", "Sumber belajar", "Course resources"},
	models.ActivityEquipment:        {"设备援助", "Don d'équipements", "Ausstattungshilfe", "Bantuan peralatan", "Equipment aid"},
	models.ActivityCompetition:      {"技能大赛", "Concours de compétences", "Berufswettbewerb", "Lomba keterampilan", "Skills competition"},
	models.ActivityVisitIn:          {"来访", "Visites reçues", "Empfangene Besuche", "Kunjungan masuk", "Incoming visits"},
	models.ActivityVisitOut:         {"出访", "Visites à l'étranger", "Auslandsbesuche", "Kunjungan ke luar negeri", "Outgoing visits"},
	models.ActivityEnterpriseServed: {"服务中资企业", "Services aux entreprises chinoises", "Dienstleistungen für chinesische Unternehmen", "Layanan untuk perusahaan Tiongkok", "Services to Chinese enterprises"},
	// Workshop statuses.
	models.WorkshopPlanning:  {"筹建", "En projet", "In Planung", "Tahap perencanaan", "Planning"},
	models.WorkshopPreparing: {"运营准备", "En préparation", "In Vorbereitung", "Persiapan operasional", "Preparing to operate"},
	models.WorkshopOperating: {"运营", "En fonctionnement", "In Betrieb", "Beroperasi", "Operating"},
	models.WorkshopAccepted:  {"验收通过", "Réceptionné", "Abgenommen", "Lulus evaluasi", "Accepted"},
	models.WorkshopSuspended: {"暂停", "Suspendu", "Ausgesetzt", "Ditangguhkan", "Suspended"},
	// Countries of the workshops.
	"ML": {"马里", "Mali", "Mali", "Mali", "Mali"},
	"CH": {"瑞士", "Suisse", "Schweiz", "Swiss", "Switzerland"},
	"ID": {"印度尼西亚", "Indonésie", "Indonesien", "Indonesia", "Indonesia"},
}

// bilingual is a label in Chinese and in the partner's language; Local is ""
// when the partner reads Chinese labels only (none do today).
type bilingual struct{ ZH, Local string }

// String is "中文 / local", for a cell of the .xlsx.
func (b bilingual) String() string {
	if b.Local == "" || b.Local == b.ZH {
		return b.ZH
	}
	return b.ZH + " / " + b.Local
}

// lubanLabel is key's label in Chinese and lang; a key the table does not
// know is shown as it is in both.
func lubanLabel(key, lang string) bilingual {
	l, ok := lubanLabels[key]
	if !ok {
		return bilingual{ZH: key, Local: key}
	}
	i, ok := lubanLangs[lang]
	if !ok {
		i = lubanLangs["en"]
	}
	return bilingual{ZH: l[0], Local: l[i]}
}
