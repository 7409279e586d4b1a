package order

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"time"

	"kriya/internal/fault"
)

// UnconfirmedWindow is how long a bank-transfer order holds its stock
// until the buyer says, on the order's page, that they will transfer (or
// have). 45 minutes is time to open a banking app or walk to an ATM; an
// order nobody stands behind gives its stock back within the hour instead
// of blocking it for ManualPaymentWindow.
const UnconfirmedWindow = 45 * time.Minute

// Errors of the anti-hoarding rules and of checkout keys.
var (
	// ErrKeyReused means a checkout key came back with another order's
	// content: a client bug or a guess, never a retry.
	ErrKeyReused error = fault.New(fault.Invalid, "idempotency_key_reused", "this key was used for a different order; use a new key")
	// ErrTooManyUnits means one order asks for more of one SKU than
	// Limits.UnitsPerSKU.
	ErrTooManyUnits error = fault.New(fault.Invalid, "too_many_units", "too many units of one item in one order")
	// ErrHoldLimit means the requester already holds as much unpaid stock,
	// or placed as many orders lately, as the limits allow.
	ErrHoldLimit error = fault.New(fault.TooMany, "hold_limit", "too many unpaid items or orders; pay or cancel an order first, or try again later")
)

// Limits bound what unpaid orders may hold, so that nobody — signed in or
// not, from one address or many e-mails — takes the catalog off sale by
// placing orders they never pay.
type Limits struct {
	UnitsPerSKU         int // units of one SKU in one order, and unpaid per e-mail
	HeldPerEmail        int // unpaid units held by the orders of one e-mail
	HeldPerClient       int // unpaid units held by the orders placed from one client address
	OrdersPerEmailHour  int // orders placed for one e-mail in an hour: its confirmation mails
	OrdersPerClientHour int // orders placed from one client address in an hour
}

// DefaultLimits are the limits unless configured (config.Load reads
// KRIYA_ORDER_* variables). Why each number:
//   - UnitsPerSKU 10: pieces are made by hand in runs of a few; the demo's
//     SKUs hold 1–30. Ten identical pieces covers a family's ceremony
//     outfits; more is a wholesale enquiry the council takes by phone.
//     It bounds one e-mail's unpaid units of a SKU too, so splitting an
//     order does not get around it. (Not one address's: buyers behind a
//     shared address all want the product of the day.)
//   - HeldPerEmail 20: two large baskets waiting for payment at once;
//     a buyer who wants more pays for one first.
//   - HeldPerClient 40: a client address may be a whole office, a hotel's
//     wifi or a mobile carrier's shared address (CGNAT is the rule on
//     Indonesian mobile networks), so it gets twice an e-mail's share.
//   - OrdersPerEmailHour 5: each order mails its address; five an hour is
//     plenty for a buyer retrying and too few to use Kriya to pester an
//     inbox.
//   - OrdersPerClientHour 30: a busy shared address at the council's
//     peak (an exhibition's wifi) placed about 20 in an hour.
//
// With them, k client addresses hold at most k×40 unpaid units at any
// moment, whatever the number of e-mails, and unconfirmed ones only for
// UnconfirmedWindow.
var DefaultLimits = Limits{UnitsPerSKU: 10, HeldPerEmail: 20, HeldPerClient: 40, OrdersPerEmailHour: 5, OrdersPerClientHour: 30}

// Holding is what a requester's orders hold, read in the transaction that
// places a new one (and counting it).
type Holding struct {
	EmailUnits, ClientUnits   int           // unpaid units held
	EmailOrders, ClientOrders int           // orders placed in the last hour
	EmailSKU                  map[int64]int // the e-mail's unpaid units held, per SKU
}

// CheckLines refuses an order with more than UnitsPerSKU of one SKU.
func (l Limits) CheckLines(o Order) error {
	units := map[int64]int{}
	for _, line := range o.Lines {
		if units[line.SKUID] += line.Quantity; units[line.SKUID] > l.UnitsPerSKU {
			return ErrTooManyUnits
		}
	}
	return nil
}

// Check says whether a requester may hold what h counts, the new order
// included.
func (l Limits) Check(h Holding) error {
	if h.EmailUnits > l.HeldPerEmail || h.ClientUnits > l.HeldPerClient ||
		h.EmailOrders > l.OrdersPerEmailHour || h.ClientOrders > l.OrdersPerClientHour {
		return ErrHoldLimit
	}
	for _, n := range h.EmailSKU {
		if n > l.UnitsPerSKU {
			return ErrHoldLimit
		}
	}
	return nil
}

// ScopedKey is the key an order is stored under: the key its requester
// gave, bound to the requester (a session, an account, or for anonymous
// API calls an e-mail). The same key from someone else is another key, so
// nobody opens another's order by sending its key. Both parts are
// length-prefixed, so no pair of requester and key reads as another pair.
func ScopedKey(requester, key string) string {
	h := sha256.New()
	for _, part := range []string{requester, key} {
		h.Write(binary.AppendUvarint(nil, uint64(len(part))))
		h.Write([]byte(part))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint is the hash of what an order asks for — who it is for, where
// it goes, how it is paid and which units — so a retry with the same key
// is recognised as the same request and a different request is not.
func (o Order) Fingerprint() string {
	h := sha256.New()
	a := o.Address
	for _, part := range []string{o.Email, o.Name, o.Phone, strconv.FormatBool(o.Pickup), o.PaymentMethod,
		a.Street, a.Notes, a.Kelurahan, a.Kecamatan, a.City, a.Province, a.PostalCode, a.Country} {
		h.Write(binary.AppendUvarint(nil, uint64(len(part))))
		h.Write([]byte(part))
	}
	lines := slices.SortedFunc(slices.Values(o.Lines), func(x, y Line) int { return cmp.Compare(x.SKUID, y.SKUID) })
	for _, l := range lines {
		h.Write(binary.AppendVarint(nil, l.SKUID))
		h.Write(binary.AppendVarint(nil, int64(l.Quantity)))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Replay decides what a repeated checkout key gives: the order it placed
// when the request is the same, else ErrKeyReused. prior was found by
// o's scoped key, so it is the same requester's.
func Replay(prior, o Order) error {
	if prior.ContentHash == "" || prior.ContentHash != o.ContentHash {
		return ErrKeyReused
	}
	return nil
}
