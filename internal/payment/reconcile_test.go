package payment

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReconcile(t *testing.T) {
	wita := time.FixedZone("WITA", 8*60*60)
	day := func(month time.Month, d, h, m int) time.Time { return time.Date(2026, month, d, h, m, 0, 0, wita) }
	// November 2026 in Bali.
	from, to := day(time.November, 1, 0, 0), day(time.December, 1, 0, 0)
	mid := day(time.November, 10, 14, 30)
	idr := func(id, order, pi string, captured, refunded int64, moved ...time.Time) Charge {
		return Charge{ID: id, Order: order, PaymentIntent: pi, Currency: Currency, Captured: captured, Refunded: refunded, Moved: moved}
	}
	rec := func(order string, received, refunded int64, pis []string, moved ...time.Time) Record {
		return Record{Order: order, Received: received, Refunded: refunded, PaymentIntents: pis, Moved: moved}
	}
	kriya := func(received, refunded int64) Totals {
		return Totals{Found: true, Currency: Currency, Received: received, Refunded: refunded}
	}
	stripe := kriya
	nothing := Totals{Currency: Currency}

	tests := []struct {
		name     string
		recorded []Record
		charges  []Charge
		compared int
		want     []Mismatch
	}{
		{
			name:     "equal",
			recorded: []Record{rec("KR-A", 450_000, 0, []string{"pi_a"}, mid)},
			charges:  []Charge{idr("ch_a", "KR-A", "pi_a", 450_000, 0, mid)},
			compared: 1,
		},
		{
			name:     "missed webhook: Stripe has it, Kriya has not",
			charges:  []Charge{idr("ch_b", "KR-B", "pi_b", 450_000, 0, mid)},
			compared: 1,
			want:     []Mismatch{{Order: "KR-B", Charges: []string{"ch_b"}, Provider: stripe(450_000, 0), Kriya: nothing}},
		},
		{
			name: "missed webhook: the order is known but its payment is not",
			// The command reads the orders the charges name, however old,
			// so Kriya's side is there with nothing received.
			recorded: []Record{{Order: "KR-B"}},
			charges:  []Charge{idr("ch_b", "KR-B", "pi_b", 450_000, 0, mid)},
			compared: 1,
			want:     []Mismatch{{Order: "KR-B", Charges: []string{"ch_b"}, Provider: stripe(450_000, 0), Kriya: kriya(0, 0)}},
		},
		{
			name:     "Kriya has it, Stripe has not",
			recorded: []Record{rec("KR-C", 300_000, 0, []string{"pi_c"}, mid)},
			compared: 1,
			want:     []Mismatch{{Order: "KR-C", Provider: nothing, Kriya: kriya(300_000, 0)}},
		},
		{
			name:     "amounts differ",
			recorded: []Record{rec("KR-D", 225_000, 0, []string{"pi_d"}, mid)},
			charges:  []Charge{idr("ch_d", "KR-D", "pi_d", 450_000, 0, mid)},
			compared: 1,
			want:     []Mismatch{{Order: "KR-D", Charges: []string{"ch_d"}, Provider: stripe(450_000, 0), Kriya: kriya(225_000, 0)}},
		},
		{
			name:     "refund differs (refunded in Stripe's dashboard)",
			recorded: []Record{rec("KR-E", 450_000, 0, []string{"pi_e"}, mid)},
			charges:  []Charge{idr("ch_e", "KR-E", "pi_e", 450_000, 100_000, mid, mid.Add(48*time.Hour))},
			compared: 1,
			want:     []Mismatch{{Order: "KR-E", Charges: []string{"ch_e"}, Provider: stripe(450_000, 100_000), Kriya: kriya(450_000, 0)}},
		},
		{
			name:     "dispute unknown to Kriya",
			recorded: []Record{rec("KR-F", 450_000, 0, []string{"pi_f"}, mid)},
			charges: []Charge{{ID: "ch_f", Order: "KR-F", PaymentIntent: "pi_f", Currency: Currency, Captured: 450_000, Disputed: true,
				Moved: []time.Time{mid, mid.Add(20 * 24 * time.Hour)}}},
			compared: 1,
			want: []Mismatch{{Order: "KR-F", Charges: []string{"ch_f"},
				Provider: Totals{Found: true, Currency: Currency, Received: 450_000, Disputed: true}, Kriya: kriya(450_000, 0)}},
		},
		{
			name:     "dispute known to both",
			recorded: []Record{{Order: "KR-F", Received: 450_000, Disputed: true, PaymentIntents: []string{"pi_f"}, Moved: []time.Time{mid}}},
			charges:  []Charge{{ID: "ch_f", Order: "KR-F", PaymentIntent: "pi_f", Currency: Currency, Captured: 450_000, Disputed: true, Moved: []time.Time{mid}}},
			compared: 1,
		},
		{
			name: "recorded at 23:59 before the period, charged at 00:01 in it",
			recorded: []Record{rec("KR-G", 450_000, 0, []string{"pi_g"},
				day(time.October, 31, 23, 59))},
			charges:  []Charge{idr("ch_g", "KR-G", "pi_g", 450_000, 0, day(time.November, 1, 0, 1))},
			compared: 1,
		},
		{
			name:     "recorded at 23:59 on the period's last day, charged at 00:01 after it",
			recorded: []Record{rec("KR-G", 450_000, 0, []string{"pi_g"}, day(time.November, 30, 23, 59))},
			charges:  []Charge{idr("ch_g", "KR-G", "pi_g", 450_000, 0, day(time.December, 1, 0, 1))},
			compared: 1,
		},
		{
			name:     "charged on the last day, recorded after two days of webhook retries",
			recorded: []Record{rec("KR-G", 450_000, 0, []string{"pi_g"}, day(time.December, 2, 23, 0))},
			charges:  []Charge{idr("ch_g", "KR-G", "pi_g", 450_000, 0, day(time.November, 30, 22, 0))},
			compared: 1,
		},
		{
			name: "a difference only in the margins belongs to the neighbouring period",
			recorded: []Record{rec("KR-G", 225_000, 0, []string{"pi_g"}, day(time.October, 30, 10, 0)),
				rec("KR-H", 100_000, 0, nil, day(time.December, 2, 10, 0))},
			charges: []Charge{idr("ch_g", "KR-G", "pi_g", 450_000, 0, day(time.October, 30, 10, 0))},
		},
		{
			name:     "paid twice, Kriya recorded both",
			recorded: []Record{rec("KR-I", 900_000, 0, []string{"pi_i1", "pi_i2"}, mid, mid.Add(time.Minute))},
			charges: []Charge{idr("ch_i1", "KR-I", "pi_i1", 450_000, 0, mid),
				idr("ch_i2", "KR-I", "pi_i2", 450_000, 0, mid.Add(time.Minute))},
			compared: 1,
		},
		{
			name:     "paid twice, Kriya recorded one",
			recorded: []Record{rec("KR-I", 450_000, 0, []string{"pi_i1"}, mid)},
			charges: []Charge{idr("ch_i1", "KR-I", "pi_i1", 450_000, 0, mid),
				idr("ch_i2", "KR-I", "pi_i2", 450_000, 0, mid.Add(time.Minute))},
			compared: 1,
			want:     []Mismatch{{Order: "KR-I", Charges: []string{"ch_i1", "ch_i2"}, Provider: stripe(900_000, 0), Kriya: kriya(450_000, 0)}},
		},
		{
			name:     "charged in another currency",
			recorded: []Record{rec("KR-J", 450_000, 0, []string{"pi_j"}, mid)},
			charges:  []Charge{{ID: "ch_j", Order: "KR-J", PaymentIntent: "pi_j", Currency: "USD", Captured: 450_000, Moved: []time.Time{mid}}},
			compared: 1,
			want: []Mismatch{{Order: "KR-J", Charges: []string{"ch_j"},
				Provider: Totals{Found: true, Currency: "USD", Received: 450_000}, Kriya: kriya(450_000, 0)}},
		},
		{
			name: "paid before the period, refunded in it, on both sides",
			recorded: []Record{rec("KR-K", 450_000, 450_000, []string{"pi_k"},
				day(time.September, 3, 9, 0), mid)},
			charges:  []Charge{idr("ch_k", "KR-K", "pi_k", 450_000, 450_000, day(time.September, 3, 9, 0), mid)},
			compared: 1,
		},
		{
			name:     "a charge without an order number belongs to the order that recorded its payment intent",
			recorded: []Record{rec("KR-L", 450_000, 0, []string{"pi_l"}, mid)},
			charges:  []Charge{idr("ch_l", "", "pi_l", 450_000, 0, mid)},
			compared: 1,
		},
		{
			name:     "charges of no known order come last, each on its own",
			recorded: []Record{rec("KR-M", 450_000, 0, []string{"pi_m"}, mid)},
			charges: []Charge{idr("ch_z", "", "pi_z", 50_000, 0, mid), idr("ch_y", "", "", 70_000, 0, mid),
				idr("ch_m", "KR-M", "pi_m", 400_000, 0, mid)},
			compared: 3,
			want: []Mismatch{
				{Order: "KR-M", Charges: []string{"ch_m"}, Provider: stripe(400_000, 0), Kriya: kriya(450_000, 0)},
				{Charges: []string{"ch_y"}, Provider: stripe(70_000, 0), Kriya: nothing},
				{Charges: []string{"ch_z"}, Provider: stripe(50_000, 0), Kriya: nothing},
			},
		},
		{
			name: "mismatches come in order-number order",
			recorded: []Record{rec("KR-Q", 1, 0, nil, mid), rec("KR-N", 2, 0, nil, mid), rec("KR-P", 3, 0, nil, mid),
				rec("KR-O", 4, 0, nil, mid)},
			charges:  []Charge{idr("ch_o", "KR-O", "pi_o", 4, 0, mid)},
			compared: 4,
			want: []Mismatch{
				{Order: "KR-N", Provider: nothing, Kriya: kriya(2, 0)},
				{Order: "KR-P", Provider: nothing, Kriya: kriya(3, 0)},
				{Order: "KR-Q", Provider: nothing, Kriya: kriya(1, 0)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Reconcile(tt.recorded, tt.charges, from, to)
			if got.Compared != tt.compared {
				t.Errorf("compared %d orders, want %d", got.Compared, tt.compared)
			}
			if diff := cmp.Diff(tt.want, got.Mismatches); diff != "" {
				t.Errorf("mismatches (-want +got):\n%s", diff)
			}
		})
	}
}
