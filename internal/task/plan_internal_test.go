package task

// PlanDate exposes planDate to the external tests.
var PlanDate = planDate
