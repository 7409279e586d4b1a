package app

import (
	"context"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/store"
	"kriya/internal/validate"
	"kriya/internal/wilayah"
)

// CheckApplication names what is wrong with an application to the
// register, field by field (message ids), before any document is stored.
func CheckApplication(a catalog.Artisan) map[string]string {
	errs := map[string]string{}
	check := func(ok bool, field, msg string) {
		if !ok && errs[field] == "" {
			errs[field] = msg
		}
	}
	check(a.Name != "" && len(a.Name) <= 200, "name", "form.required")
	check(a.Owner != "" && len(a.Owner) <= 200, "owner", "form.required")
	check(a.CategoryID != 0, "category", "form.required")
	kec, ok := wilayah.Lookup(a.KecamatanCode)
	check(ok && kec.Kind == "kecamatan" && kec.Parent == wilayah.Denpasar, "kecamatan", "apply.error.kecamatan")
	kel, ok := wilayah.Lookup(a.KelurahanCode)
	check(ok && kel.Parent == a.KecamatanCode, "kelurahan", "apply.error.kelurahan")
	check(validate.Phone(a.Phone), "phone", "apply.error.phone")
	check(a.WhatsApp == "" || validate.Phone(a.WhatsApp), "whatsapp", "apply.error.phone")
	check(len(a.Street) <= 300, "street", "form.too_long")
	check(a.Story.ID != "" && len(a.Story.ID) <= 5000, "story_id", "form.required")
	check(len(a.Story.EN) <= 5000, "story_en", "form.too_long")
	return errs
}

// SubmitApplication sends an application to the register with its
// permits (documents already stored), or sends a returned one (current)
// back with its changes: the application and its status change in one
// transaction.
func (a *App) SubmitApplication(ctx context.Context, applicant account.User, current *catalog.Artisan, application catalog.Artisan, permits []artisan.Permit) error {
	if current == nil {
		application.Slug = catalog.NewSlug(application.Name)
		return a.store.CreateApplication(ctx, &application, permits, applicant)
	}
	application.ID, application.Slug, application.Status = current.ID, current.Slug, current.Status
	if application.PhotoKey == "" {
		application.PhotoKey = current.PhotoKey
	}
	return a.store.Atomic(ctx, func(tx *store.Store) error {
		if err := tx.UpdateApplication(ctx, &application, permits); err != nil {
			return err
		}
		_, err := tx.ChangeArtisanStatus(ctx, application.ID, artisan.Change{Action: artisan.Resubmit, ActorID: applicant.ID, ActorName: applicant.Name})
		return err
	})
}
