package stripe

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	stripego "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"

	"kriya/internal/payment"
)

// Whatever a request to the webhook endpoint carries, an unsigned or badly
// signed payload is refused as a signature failure, and never panics: a
// fuzzer cannot compute Stripe's HMAC, so every input it makes is forged.
func FuzzParseEventForged(f *testing.F) {
	body := event("evt_1", CheckoutCompleted, `{"id":"cs_test_1","object":"checkout.session","client_reference_id":"KRY-2411-0001",
		"amount_total":203500000,"payment_status":"paid"}`)
	_, otherSecret := signedWith(body, "whsec_other", time.Now())
	_, stale := signedWith(body, whsec, time.Now().Add(-10*time.Minute))
	_, otherBody := signedWith(event("evt_2", ChargeRefunded, `{}`), whsec, time.Now())
	for _, header := range []string{"", otherSecret, stale, otherBody, "t=1730426400", "v1=00", "t=,v1=", "t=1730426400,v1=zz,v0=00",
		"t=99999999999999999999,v1=" + string(make([]byte, 64))} {
		f.Add([]byte(body), header)
	}
	f.Add([]byte{}, "")
	f.Add([]byte("not json"), otherSecret)
	f.Fuzz(func(t *testing.T, payload []byte, header string) {
		if _, err := ParseEvent(payload, header, whsec); !errors.Is(err, ErrSignature) {
			t.Fatalf("forged payload: err = %v, want ErrSignature", err)
		}
		if _, err := ParseEvent(payload, header, ""); !errors.Is(err, ErrSignature) {
			t.Fatalf("no secret configured: err = %v, want ErrSignature", err)
		}
		if _, err := (Webhooks{Secret: whsec}).Verify(payload, header); !errors.Is(err, payment.ErrSignature) {
			t.Fatalf("Verify: err = %v, want payment.ErrSignature", err)
		}
	})
}

// Whatever Stripe signs — any body, however odd — parsing never panics,
// never calls a good signature bad, accepts only events of the API version
// the code is written for, and reports the event's own id and type. The
// same body with one byte changed is refused.
func FuzzParseEventSigned(f *testing.F) {
	for _, body := range []string{
		event("evt_1", CheckoutCompleted, `{"id":"cs_test_1","object":"checkout.session","client_reference_id":"KRY-2411-0001",
			"metadata":{"order":"KRY-2411-0001"},"payment_intent":"pi_1","amount_total":203500000,"payment_status":"paid"}`),
		event("evt_2", CheckoutAsyncFailed, `{"id":"cs_test_2","payment_intent":{"id":"pi_2"},"amount_total":-1}`),
		event("evt_3", ChargeRefunded, `{"id":"ch_1","amount":9223372036854775807,"amount_refunded":1,"payment_intent":"pi_1","metadata":{"order":"X"}}`),
		event("evt_4", DisputeCreated, `{"id":"dp_1","amount":100,"charge":{"id":"ch_1"},"payment_intent":null}`),
		event("evt_5", CheckoutExpired, `null`),
		event("evt_6", "customer.created", `{}`),
		`{"id":"evt_7","api_version":"2024-06-20","type":"checkout.session.completed","data":{"object":{}}}`,
		`{"id":"evt_8","api_version":"2023-10-16","type":"charge.refunded"}`,
		`[]`, `"x"`, ``,
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		payload, header := signedWith(string(body), whsec, time.Now())
		ev, err := ParseEvent(payload, header, whsec)
		if errors.Is(err, ErrSignature) {
			t.Fatalf("a payload signed with the secret was refused as badly signed: %v", err)
		}
		if err == nil {
			var head struct {
				ID         string `json:"id"`
				Type       string `json:"type"`
				APIVersion string `json:"api_version"`
			}
			if jerr := json.Unmarshal(payload, &head); jerr != nil {
				t.Fatalf("accepted a body that is not a JSON object: %v", jerr)
			}
			if head.APIVersion != stripego.APIVersion {
				t.Fatalf("accepted an event of API version %q", head.APIVersion)
			}
			if ev.ID != head.ID || ev.Type != head.Type {
				t.Fatalf("event %q %q, body says %q %q", ev.ID, ev.Type, head.ID, head.Type)
			}
		}
		if len(payload) > 0 {
			tampered := append([]byte(nil), payload...)
			tampered[len(tampered)/2] ^= 0x01
			if _, err := ParseEvent(tampered, header, whsec); !errors.Is(err, ErrSignature) {
				t.Fatalf("tampered payload: err = %v, want ErrSignature", err)
			}
		}
	})
}

// signedWith signs body as Stripe does, with secret at a time.
func signedWith(body, secret string, at time.Time) ([]byte, string) {
	sp := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: []byte(body), Secret: secret, Timestamp: at})
	return sp.Payload, sp.Header
}
