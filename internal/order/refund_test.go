package order

import "testing"

// Flags are a set: raising one keeps the others, raising it again replaces
// its note, and clearing one leaves the rest with their notes.
func TestFlagsAreASet(t *testing.T) {
	var o Order
	o.RaiseFlag(FlagOverpaid, "received 110 for 100")
	o.RaiseFlag(FlagDisputed, "dispute on ch_1")
	o.RaiseFlag(FlagOverpaid, "received 120 for 100")
	if o.Flag != "disputed,overpaid" || len(o.FlagNoteLines()) != 2 || o.FlagNoteLines()[1] != "overpaid: received 120 for 100" {
		t.Fatalf("flags %q, notes %q", o.Flag, o.FlagNote)
	}
	if !o.ClearFlag(FlagOverpaid) || o.ClearFlag(FlagOverpaid) {
		t.Error("clearing reports wrongly whether the flag was there")
	}
	if o.Flag != FlagDisputed || o.FlagNote != "disputed: dispute on ch_1" {
		t.Errorf("after clearing overpaid: %q, %q", o.Flag, o.FlagNote)
	}
	if o.ClearFlag(FlagDisputed); o.Flag != "" || o.FlagNote != "" || o.Flags() != nil {
		t.Errorf("after clearing all: %q, %q", o.Flag, o.FlagNote)
	}
}
