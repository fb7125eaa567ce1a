package counting

import "centerstage/models"

// Languages of exported headers and labels.
const (
	LangZh = "zh"
	LangEn = "en"
)

// label is one text in both export languages.
type label struct{ zh, en string }

func (l label) in(lang string) string {
	if lang == LangEn {
		return l.en
	}
	return l.zh
}

func labels(lang string, ls ...label) []any {
	out := make([]any, len(ls))
	for i, l := range ls {
		out[i] = l.in(lang)
	}
	return out
}

// codeLabels translates stable codes (kinds, statuses, metrics, scopes) for
// Chinese exports; English exports keep the codes, which scripts rely on.
var codeLabels = map[string]string{
	"training": "培训班", "lecture": "讲座", "performance": "演出", "exhibition": "展览",
	"outreach": "基层辅导", "team_activity": "团队活动", "study": "业务研讨/学习/观摩", "other": "其他",
	models.StatusPlanned: "计划", models.StatusCompleted: "已完成", models.StatusCancelled: "已取消",
	MetricCount: "次数", MetricEditions: "期数", MetricPersonDays: "人天次", MetricAttendance: "人次",
	MetricActiveTeams: "活跃团队", MetricPairedStations: "对口文化站",
	ScopeCenter: "全馆", ScopeEachStaff: "每人",
	StatusMet: "已达成", StatusOnTrack: "进度正常", StatusAtRisk: "有风险", StatusBehind: "落后",
}

func codeIn(lang, code string) string {
	if lang == LangEn {
		return code
	}
	if l, ok := codeLabels[code]; ok {
		return l
	}
	return code
}

// Column headers of the exports.
var (
	hdrSummary = []label{{"指标", "Target"}, {"统计口径", "Metric"}, {"范围", "Scope"}, {"人数", "Members"},
		{"目标值", "Value"}, {"已完成", "Actual"}, {"已排期", "Scheduled"}, {"预计", "Projected"},
		{"应完成", "Expected to date"}, {"完成率", "Completion rate"}, {"状态", "Status"},
		{"已达成人数", "Met"}, {"进度正常人数", "On track"}, {"有风险人数", "At risk"}, {"落后人数", "Behind"}}
	hdrByStaff = []label{{"人员", "Staff"}, {"人员编号", "Staff ID"}, {"指标", "Target"}, {"统计口径", "Metric"},
		{"目标值", "Value"}, {"已完成", "Actual"}, {"已排期", "Scheduled"}, {"预计", "Projected"},
		{"应完成", "Expected to date"}, {"完成率", "Completion rate"}, {"缺口", "Gap"}, {"状态", "Status"}}
	hdrByMonth = []label{{"指标", "Target"}, {"人员", "Staff"}, {"人员编号", "Staff ID"}, {"月份", "Month"},
		{"计划", "Plan"}, {"应完成(含结转)", "Due"}, {"实际", "Actual"}, {"结转", "Carry"}, {"完成率", "Completion rate"}}
	hdrOfficial = []label{{"项目", "Category"}, {"代码", "Code"}, {"数值", "Value"}}
	hdrByKind   = []label{{"类型", "Kind"}, {"计划", "Planned"}, {"已完成", "Completed"}, {"已取消", "Cancelled"}, {"实到人次", "Attendance"}}
	hdrActivity = []label{{"编号", "ID"}, {"类型", "Kind"}, {"名称", "Title"}, {"开始", "Start"}, {"结束", "End"},
		{"日期", "Date"}, {"场地", "Venue"}, {"地点", "Location"}, {"负责人", "Organizer"}, {"参与人员", "Staff"},
		{"团队", "Teams"}, {"文化站", "Station"}, {"预计人数", "Expected attendance"}, {"实到人数", "Actual attendance"},
		{"状态", "Status"}, {"系列编号", "Series ID"}, {"备注", "Notes"}, {"取消原因", "Cancel reason"}}
)
