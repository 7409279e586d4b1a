package exhibition_test

import (
	"errors"
	"testing"
	"time"

	"kriya/internal/exhibition"
	"kriya/internal/fault"
	"kriya/internal/sales"
)

var event = exhibition.Exhibition{ID: 1, Name: "Gelar Produk Potensial", StartsOn: "2026-11-20", EndsOn: "2026-11-22"}

func sold(id, artisan int64, day, clock string, amount int64, method string) exhibition.Receipt {
	r := exhibition.Receipt{ID: id, ExhibitionID: 1, ArtisanID: artisan, Units: 1, Amount: amount, Method: method}
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" "+clock, sales.WITA)
	r.At(t)
	return r
}

func ptr(n int64) *int64 { return &n }

// Receipts of one stand and day add up; a superseded version counts
// nothing and a void counts no sale.
func TestTallyCountsTheLatestVersionOfEveryReceipt(t *testing.T) {
	first := sold(1, 7, "2026-11-21", "10:15", 3_400_000, "transfer")
	second := sold(2, 7, "2026-11-21", "14:40", 650_000, "cash")
	mistyped := sold(3, 8, "2026-11-21", "15:00", 540_000, "cash")
	mistyped.SupersededBy = ptr(4)
	fixed := sold(4, 8, "2026-11-21", "15:00", 450_000, "cash")
	void := sold(5, 8, "2026-11-22", "09:00", 0, "qris")
	void.Units, void.Voided = 0, true
	rows, all := exhibition.Tally([]exhibition.Receipt{first, second, mistyped, fixed, void}, exhibition.ByArtisan)
	if all.Receipts != 3 || all.Units != 3 || all.Amount != 4_500_000 {
		t.Errorf("all = %+v, want 3 receipts, 3 units, Rp 4.500.000", all)
	}
	if len(rows) != 2 || rows[0].Key != "7" || rows[0].Amount != 4_050_000 || rows[0].Receipts != 2 || rows[1].Amount != 450_000 || rows[1].Receipts != 1 {
		t.Errorf("by artisan = %+v, want Rp 4.050.000 in 2 receipts and Rp 450.000 in 1", rows)
	}
	days, _ := exhibition.Tally([]exhibition.Receipt{first, second, mistyped, fixed, void}, exhibition.ByDay)
	if len(days) != 2 || days[0].Key != "2026-11-21" || days[0].Amount != 4_500_000 || days[1].Amount != 0 {
		t.Errorf("by day = %+v", days)
	}
}

// A receipt's history is its chain of versions, newest first, whichever
// order the versions come in; receipts are in the order they were sold.
func TestHistoriesFollowTheChain(t *testing.T) {
	v1 := sold(1, 7, "2026-11-21", "16:00", 100, "cash")
	v1.SupersededBy = ptr(3)
	v2 := sold(3, 7, "2026-11-21", "16:00", 200, "cash")
	v2.SupersededBy = ptr(4)
	v3 := sold(4, 7, "2026-11-21", "16:05", 300, "cash")
	other := sold(2, 7, "2026-11-21", "09:00", 50, "qris")
	hs := exhibition.Histories([]exhibition.Receipt{v3, other, v1, v2})
	if len(hs) != 2 || hs[0].Receipt.ID != 2 || hs[1].Receipt.ID != 4 {
		t.Fatalf("histories = %+v, want receipt 2 (09:00) then 4 (16:05)", hs)
	}
	h := hs[1]
	if len(h.Earlier) != 2 || h.Earlier[0].ID != 3 || h.Earlier[1].ID != 1 || h.Number() != 1 || !h.Of(3) || h.Of(2) {
		t.Errorf("history = %+v, number %d; want versions 3 then 1 under 4, numbered 1", h, h.Number())
	}
}

// A correction is a new version of the same stand's receipt, with a
// reason; a void keeps the sale's time and sells nothing; only the latest
// version of a receipt that is not void can be corrected.
func TestCorrect(t *testing.T) {
	old := sold(5, 7, "2026-11-21", "10:00", 650_000, "cash")
	next := sold(0, 99, "2026-11-22", "09:30", 560_000, "qris")
	next.ExhibitionID = 42
	if _, err := old.Correct(event, next); fault.FieldsOf(err)["reason"] == "" {
		t.Errorf("a correction without a reason = %v, want a reason asked for", err)
	}
	next.Reason = "  salah jumlah "
	c, err := old.Correct(event, next)
	if err != nil || c.ArtisanID != 7 || c.ExhibitionID != 1 || c.Amount != 560_000 || c.Day != "2026-11-22" || c.Reason != "salah jumlah" || c.ID != 0 {
		t.Errorf("correction = %+v, %v; want the same stand's receipt with the new sale", c, err)
	}
	outside := next
	outside.At(time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC))
	if _, err := old.Correct(event, outside); fault.FieldsOf(err)["day"] == "" {
		t.Errorf("a correction to a day after the event = %v, want refused", err)
	}
	v, err := old.Correct(event, exhibition.Receipt{Voided: true, Reason: "pembeli batal", Amount: 99})
	if err != nil || v.Amount != 0 || v.Units != 0 || !v.SoldAt.Equal(old.SoldAt) || v.Method != "cash" {
		t.Errorf("void = %+v, %v; want nothing sold at the old time", v, err)
	}
	superseded := old
	superseded.SupersededBy = ptr(6)
	if _, err := superseded.Correct(event, next); !errors.Is(err, exhibition.ErrSuperseded) {
		t.Errorf("correcting a superseded version = %v, want ErrSuperseded", err)
	}
	if _, err := v.Correct(event, next); !errors.Is(err, exhibition.ErrVoided) {
		t.Errorf("correcting a void = %v, want ErrVoided", err)
	}
}

// The days around an event: whole windows once they have passed; while
// the days after run, both cut to the days after so far (equal lengths);
// nothing after before the event is over.
func TestAround(t *testing.T) {
	wita := func(day string, h int) time.Time {
		d, _ := time.ParseInLocation("2006-01-02", day, sales.WITA)
		return d.Add(time.Duration(h) * time.Hour)
	}
	tests := []struct {
		now           time.Time
		before, after string
		running       bool
	}{
		{wita("2027-01-10", 12), "21 Okt 2026 – 19 Nov 2026", "23 Nov 2026 – 22 Des 2026", false},
		{wita("2026-12-22", 23), "21 Okt 2026 – 19 Nov 2026", "23 Nov 2026 – 22 Des 2026", false},
		{wita("2026-11-27", 9), "15 Nov 2026 – 19 Nov 2026", "23 Nov 2026 – 27 Nov 2026", true},
		{wita("2026-11-23", 1), "19 Nov 2026", "23 Nov 2026", true},
	}
	for _, tt := range tests {
		before, after, running := event.Around(30, tt.now)
		if before.String("id") != tt.before || after.String("id") != tt.after || running != tt.running || before.Days() != after.Days() {
			t.Errorf("at %v: before %s, after %s, running %v; want %s, %s, %v", tt.now, before.String("id"), after.String("id"), running, tt.before, tt.after, tt.running)
		}
	}
	_, after, running := event.Around(30, wita("2026-11-22", 18))
	if after.Days() != 0 || running {
		t.Errorf("on the last day: after = %d days, running %v; want none yet", after.Days(), running)
	}
}

// A sale entered as it happens needs no day or time; another day needs
// its time.
func TestSaleTime(t *testing.T) {
	now := time.Date(2026, 11, 21, 6, 30, 0, 0, time.UTC) // 14:30 WITA
	if got, err := exhibition.SaleTime("", "", now); err != nil || !got.Equal(now) {
		t.Errorf("empty = %v, %v; want now", got, err)
	}
	if got, err := exhibition.SaleTime("2026-11-21", "", now); err != nil || !got.Equal(now) {
		t.Errorf("today without a time = %v, %v; want now", got, err)
	}
	if _, err := exhibition.SaleTime("2026-11-20", "", now); fault.FieldsOf(err)["time"] == "" {
		t.Errorf("another day without a time = %v, want its time asked for", err)
	}
	if got, err := exhibition.SaleTime("2026-11-20", "19:05", now); err != nil || !got.Equal(time.Date(2026, 11, 20, 11, 5, 0, 0, time.UTC)) {
		t.Errorf("20 Nov 19:05 WITA = %v, %v", got, err)
	}
	if _, err := exhibition.SaleTime("20/11/2026", "19:05", now); fault.FieldsOf(err)["day"] == "" {
		t.Errorf("a day not a date = %v, want refused", err)
	}
}
