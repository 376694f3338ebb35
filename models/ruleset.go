package models

// Severities of a rule finding (domain.md §5).
const (
	SeverityBlock = "block" // the placement cannot become active
	SeverityWarn  = "warn"  // allowed with a recorded reason
	SeverityInfo  = "info"  // shown only
)

// Finding is what one rule found wrong (or worth noting) about a placement.
type Finding struct {
	RuleID   string `bson:"ruleId" json:"ruleId"`
	Severity string `bson:"severity" json:"severity"`
	// Message is Chinese and names the rule and the data that broke it.
	Message string `bson:"message" json:"message"`
	// Data holds the values the rule used (dates as YYYY-MM-DD strings, numbers,
	// flags and the parameters applied), so a stored verdict explains itself.
	Data map[string]any `bson:"data,omitempty" json:"data,omitempty"`
	// NeedsReason: a Warn finding needs a recorded reason before activation.
	NeedsReason bool `bson:"needsReason" json:"needsReason"`
	// Reason is the reason recorded for accepting a Warn finding.
	Reason string `bson:"reason,omitempty" json:"reason,omitempty"`
}

// RuleSet is one immutable version of the placement rules' parameters (实习规则
// 参数集), e.g. "2021.1": in effect from EffectiveFrom until a later version takes
// over. Placements keep the version they were checked under.
type RuleSet struct {
	Meta          `bson:",inline"`
	Version       string `bson:"version" json:"version"`
	EffectiveFrom Date   `bson:"effectiveFrom" json:"effectiveFrom"`
	Source        string `bson:"source" json:"source"`
	// Params holds every parameter by key: numbers as float64, lists as []string,
	// flags as bool, times of day as "HH:MM" strings.
	Params map[string]any `bson:"params" json:"params"`
}

// RuleSetFields is a new rule set: versions are created, never edited. Params
// not given are taken from the version in effect at the new one's effective date.
type RuleSetFields struct {
	Version       *string        `json:"version"`
	EffectiveFrom *string        `json:"effectiveFrom"`
	Source        *string        `json:"source"`
	Params        map[string]any `json:"params"`
}

// RuleSetFilter narrows a rule-set list.
type RuleSetFilter struct {
	ListParams
}
