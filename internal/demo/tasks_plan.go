package demo

import "tongchou/internal/task"

// Short names for the plan below.
const (
	sAssigned = task.StateAssigned
	sSigned   = task.StateSigned
	sProgress = task.StateInProgress
	sAskDone  = task.StateCompletionRequested
	sDone     = task.StateDone
	sBack     = task.StateReturnedByUnit
	sDraft    = task.StateDraft
)

// demoPlan is the campaign plan two months in: early tasks done, research
// mostly finished, the push phase under way with some units lagging.
var demoPlan = []demoTask{
	{"制定“大调研、大融合、大发展”活动实施方案", "区委督查室", []string{"区委办公室", "区政府办公室"}, []string{"社会治理"}, "plan", 0, -60, -50, sDone, 100, 0},
	{"召开全区动员部署大会", "区委办公室", []string{"区委督查室", "区融媒体中心"}, []string{"宣传"}, "plan", 0, -58, -52, sDone, 100, 0},
	{"活动宣传报道和氛围营造", "区委宣传部", []string{"区融媒体中心"}, []string{"宣传"}, "plan", 0, -55, 120, sProgress, 45, 0},
	{"新划入镇乡基本情况调研摸底", "区委督查室", []string{"发展和改革局", "农业农村局"}, []string{"资源整合"}, "plan", 1, -45, -10, sProgress, 85, 0},
	{"青石镇产业发展现状调研", "发展和改革局", []string{"青石镇人民政府", "工业和信息化局"}, []string{"产业发展"}, "research", 1, -45, -15, sDone, 100, 4},
	{"柳溪乡农业资源调研", "农业农村局", []string{"柳溪乡人民政府"}, []string{"产业发展", "资源整合"}, "research", 1, -45, -15, sDone, 100, 4},
	{"新划入镇乡土地资源清查", "自然资源分局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"资源整合"}, "research", 1, -44, -5, sProgress, 60, 4},
	{"新划入镇乡学校布局和师资情况调研", "教育局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"民生改善"}, "research", 1, -44, 2, sAskDone, 95, 0},
	{"青石镇中心小学扩容改造", "教育局", []string{"住房和城乡建设局", "财政局"}, []string{"民生改善"}, "research", 2, -14, 120, sProgress, 15, 0},
	{"柳溪乡学生就近入学与校车保障", "教育局", []string{"柳溪乡人民政府", "城市管理局"}, []string{"民生改善"}, "appeal", 2, -10, 60, sProgress, 5, 0},
	{"新划入镇乡教师交流轮岗方案", "教育局", []string{"人力资源和社会保障局"}, []string{"民生改善", "资源整合"}, "meeting", 2, 0, 45, sAssigned, 0, 0},
	{"学前教育资源补短板", "教育局", nil, []string{"民生改善"}, "instruction", 2, -10, 40, sSigned, 0, 0},
	{"镇乡卫生院服务能力提升", "卫生健康局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"民生改善"}, "plan", 2, -14, 150, sProgress, 20, 0},
	{"家庭医生签约服务全覆盖", "卫生健康局", []string{"民政局"}, []string{"民生改善"}, "plan", 2, -40, 20, sProgress, 45, 0},
	{"医保和社保关系转移接续", "人力资源和社会保障局", []string{"财政局"}, []string{"民生改善", "社会治理"}, "plan", 1, -45, 3, sProgress, 85, 0},
	{"新划入镇乡就业援助专项行动", "人力资源和社会保障局", []string{"青石镇人民政府"}, []string{"民生改善"}, "appeal", 2, -14, 100, sProgress, 30, 0},
	{"低保、特困人员信息核对移交", "民政局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"民生改善"}, "plan", 1, -45, -20, sDone, 100, 0},
	{"村（社区）规范化建设", "民政局", []string{"柳溪乡人民政府"}, []string{"社会治理"}, "plan", 2, -14, 140, sProgress, 10, 0},
	{"青石镇工业园区招商引资", "商务局", []string{"工业和信息化局", "青石镇人民政府"}, []string{"产业发展"}, "plan", 2, -14, 150, sProgress, 25, 0},
	{"柳溪乡特色农产品品牌培育", "农业农村局", []string{"商务局", "柳溪乡人民政府"}, []string{"产业发展"}, "research", 2, -14, 130, sProgress, 12, 0},
	{"高标准农田建设项目对接", "农业农村局", []string{"财政局", "自然资源分局"}, []string{"产业发展", "资源整合"}, "plan", 2, -30, 10, sProgress, 55, 0},
	{"企业用工需求摸排", "工业和信息化局", []string{"人力资源和社会保障局"}, []string{"产业发展"}, "research", 1, -45, -12, sDone, 100, 0},
	{"新划入镇乡国土空间规划衔接", "自然资源分局", []string{"发展和改革局"}, []string{"资源整合"}, "plan", 2, -14, 160, sProgress, 8, 0},
	{"农村危房改造排查", "住房和城乡建设局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"民生改善"}, "inspection", 2, -30, 5, sProgress, 50, 0},
	{"镇区道路和供水管网改造", "住房和城乡建设局", []string{"城市管理局", "财政局"}, []string{"民生改善"}, "plan", 2, -14, 150, sProgress, 18, 0},
	{"城乡环境卫生整治", "城市管理局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"社会治理"}, "plan", 2, -25, 30, sProgress, 20, 0},
	{"财政体制过渡和资金保障", "财政局", []string{"发展和改革局"}, []string{"资源整合"}, "meeting", 1, -45, -25, sDone, 100, 0},
	{"信访积案化解", "信访局", []string{"青石镇人民政府", "柳溪乡人民政府"}, []string{"社会治理"}, "appeal", 2, -30, 60, sProgress, 40, 0},
	{"群众诉求快速响应机制建设", "信访局", []string{"区政府办公室"}, []string{"社会治理"}, "plan", 2, -14, 90, sSigned, 0, 0},
	{"重点项目谋划储备", "发展和改革局", []string{"财政局", "商务局"}, []string{"产业发展"}, "plan", 2, -14, 120, sProgress, 20, 0},
	{"青石镇融合发展专项规划编制", "青石镇人民政府", []string{"发展和改革局", "自然资源分局"}, []string{"产业发展", "资源整合"}, "plan", 2, -30, 100, sProgress, 30, 0},
	{"青石镇村级集体经济发展", "青石镇人民政府", []string{"农业农村局"}, []string{"产业发展"}, "research", 2, -14, 140, sProgress, 15, 31},
	{"青石镇便民服务中心标准化", "青石镇人民政府", []string{"区政府办公室"}, []string{"社会治理"}, "plan", 2, -20, 25, sProgress, 10, 31},
	{"柳溪乡融合发展专项规划编制", "柳溪乡人民政府", []string{"发展和改革局"}, []string{"产业发展"}, "plan", 2, -30, 100, sProgress, 35, 0},
	{"柳溪乡乡村旅游线路开发", "柳溪乡人民政府", []string{"商务局", "区委宣传部"}, []string{"产业发展", "宣传"}, "research", 2, -14, 150, sProgress, 6, 0},
	{"政务服务事项“一网通办”接入", "河西区大数据中心", []string{"区政府办公室"}, []string{"资源整合"}, "plan", 2, -30, 30, sProgress, 65, 0},
	{"志愿服务进镇乡", "河西区志愿服务联合会", []string{"民政局"}, []string{"社会治理"}, "plan", 2, -14, 150, sProgress, 20, 0},
	{"乡贤助力乡村振兴座谈", "河西区乡贤促进会", []string{"柳溪乡人民政府"}, []string{"产业发展"}, "meeting", 2, -7, 40, sBack, 0, 0},
	{"典型经验总结推广", "区委宣传部", []string{"区委督查室"}, []string{"宣传"}, "plan", 3, 154, 183, sDraft, 0, 0},
	{"活动成效评估", "区委督查室", []string{"区委办公室"}, []string{"社会治理"}, "plan", 3, 154, 183, sDraft, 0, 0},
}
