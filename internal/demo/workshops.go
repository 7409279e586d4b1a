package demo

import "kriya/internal/catalog"

// crafts are the council's categories, in the order the storefront lists
// them.
var crafts = []catalog.Category{
	{Slug: "perak", Name: t("Perhiasan Perak", "Silver Jewellery")},
	{Slug: "tenun", Name: t("Tenun Endek & Songket", "Endek & Songket Weaving")},
	{Slug: "ukiran", Name: t("Ukiran Kayu", "Wood Carving")},
	{Slug: "anyaman", Name: t("Anyaman", "Basketry")},
	{Slug: "lukisan", Name: t("Lukisan", "Painting")},
	{Slug: "topeng", Name: t("Topeng", "Masks")},
}

// workshop is the hand-written part of a demo artisan: who they are and
// what they make. The rest (slugs, dates, products) is derived.
type workshop struct {
	name, owner string
	craft       string // category slug
	prefix      string // of the artisan's SKU codes, e.g. "PSK-004-2"
	kelurahan   string // official code; the kecamatan is its parent
	since       int
	featured    bool
	story       catalog.Text
	products    int
	kinds       []*kind
}

// workshops are the demo artisans: three silversmiths and three weaving
// groups, since those are Denpasar's largest crafts, and one or two of each
// other craft, spread over the city's four kecamatan.
var workshops = []workshop{
	{
		name: "Perak Sari Kesiman", owner: "I Wayan Sudarma", craft: "perak", prefix: "PSK",
		kelurahan: "51.71.02.1003", since: 1994, featured: true, products: 12,
		kinds: []*kind{silverRing, silverEarrings, silverPendant, silverNecklace},
		story: t(
			"I Wayan Sudarma belajar menempa perak dari pamannya di Celuk sebelum membuka bengkel sendiri di Kesiman pada 1994. "+
				"Bersama enam perajin dari banjar setempat, ia mengerjakan cincin, anting dan liontin dengan teknik jawan dan filigri yang rapat. "+
				"Setiap perhiasan dicap perak 925 dan diselesaikan dengan tangan, tanpa cetakan massal.",
			"I Wayan Sudarma learned silversmithing from his uncle in Celuk before opening his own workshop in Kesiman in 1994. "+
				"With six craftspeople from the local banjar he makes rings, earrings and pendants in dense jawan granulation and filigree. "+
				"Every piece is stamped 925 and finished by hand, never mass-cast."),
	},
	{
		name: "Cahaya Perak Renon", owner: "Ni Made Sukarini", craft: "perak", prefix: "CPR",
		kelurahan: "51.71.01.1005", since: 2008, products: 10,
		kinds: []*kind{silverEarrings, silverPendant, silverRing, silverHairpin},
		story: t(
			"Ni Made Sukarini memulai Cahaya Perak dari teras rumahnya di Renon, membuat anting untuk teman-teman sesama penari. "+
				"Kini bengkelnya mempekerjakan empat perempuan perajin dan dikenal dengan desain bunga jepun dan mutiara Lombok yang ringan dipakai sehari-hari.",
			"Ni Made Sukarini started Cahaya Perak on the veranda of her home in Renon, making earrings for fellow dancers. "+
				"Her workshop now employs four women silversmiths and is known for light, everyday designs of frangipani flowers and Lombok pearls."),
	},
	{
		name: "Perak Jawan Ubung", owner: "I Ketut Arsana", craft: "perak", prefix: "PJU",
		kelurahan: "51.71.04.1007", since: 2001, products: 9,
		kinds: []*kind{silverBracelet, silverNecklace, silverRing},
		story: t(
			"I Ketut Arsana adalah perajin generasi ketiga yang menekuni jawan, butiran perak kecil yang disusun satu per satu menjadi pola. "+
				"Bengkelnya di Ubung membuat gelang dan kalung bermotif naga dan patra yang berat dan tahan lama. "+
				"Ia juga melatih pemuda banjar lewat program binaan Dekranasda.",
			"I Ketut Arsana is a third-generation silversmith devoted to jawan, tiny silver granules set one by one into patterns. "+
				"His Ubung workshop makes weighty, durable bracelets and necklaces with dragon and patra motifs. "+
				"He also trains young people from his banjar through a Dekranasda programme."),
	},
	{
		name: "Tenun Endek Mertha Sari", owner: "Ni Ketut Suartini", craft: "tenun", prefix: "EMS",
		kelurahan: "51.71.02.2004", since: 1989, featured: true, products: 10,
		kinds: []*kind{endekCloth, silkEndek},
		story: t(
			"Di Kesiman Petilan, Ni Ketut Suartini dan dua belas penenun masih memakai alat tenun bukan mesin (ATBM) dari kayu nangka. "+
				"Benang diikat dan dicelup berulang kali sebelum ditenun, sehingga motif endek muncul dengan tepi yang sedikit berpendar. "+
				"Mertha Sari memasok kain untuk busana adat dan upacara di seluruh Denpasar.",
			"In Kesiman Petilan, Ni Ketut Suartini and twelve weavers still work on hand-operated looms (ATBM) built of jackfruit wood. "+
				"The yarn is tied and dyed again and again before weaving, so each endek motif appears with softly feathered edges. "+
				"Mertha Sari supplies cloth for ceremonial dress across Denpasar."),
	},
	{
		name: "Songket Puspa Kencana", owner: "Ni Luh Putu Ariani", craft: "tenun", prefix: "SPK",
		kelurahan: "51.71.03.1007", since: 1998, products: 8,
		kinds: []*kind{songketCloth, songketShawl},
		story: t(
			"Ni Luh Putu Ariani menenun songket sejak remaja di Pemecutan, mengikuti jejak neneknya. "+
				"Benang emas dan perak disisipkan helai demi helai di atas dasar sutra atau katun, sehingga satu kain bisa memakan waktu hingga dua bulan. "+
				"Songket Puspa Kencana dipakai untuk pernikahan dan upacara potong gigi.",
			"Ni Luh Putu Ariani has woven songket in Pemecutan since she was a teenager, following her grandmother. "+
				"Gold and silver threads are inserted strand by strand over a silk or cotton ground, so a single cloth can take up to two months. "+
				"Puspa Kencana songket is worn at weddings and tooth-filing ceremonies."),
	},
	{
		name: "Tenun Ikat Sekar Jagat", owner: "Ni Wayan Rasmini", craft: "tenun", prefix: "TSJ",
		kelurahan: "51.71.04.1009", since: 2012, products: 8,
		kinds: []*kind{endekCloth, endekShirt, endekBag},
		story: t(
			"Sekar Jagat adalah kelompok tenun muda di Peguyangan yang dirintis Ni Wayan Rasmini setelah pelatihan Dekranasda. "+
				"Mereka memadukan motif endek klasik dengan warna alam dari indigo, kulit mahoni dan kunyit. "+
				"Selain kain, kelompok ini menjahit kemeja dan tas dari tenunan mereka sendiri.",
			"Sekar Jagat is a young weaving group in Peguyangan, founded by Ni Wayan Rasmini after a Dekranasda training course. "+
				"They combine classic endek motifs with natural dyes from indigo, mahogany bark and turmeric. "+
				"Besides cloth, the group sews shirts and bags from its own weaving."),
	},
	{
		name: "Ukiran Kayu Dharma Shanti", owner: "I Made Wirata", craft: "ukiran", prefix: "UDS",
		kelurahan: "51.71.02.1014", since: 1985, featured: true, products: 10,
		kinds: []*kind{woodStatue, woodPanel, mirrorFrame},
		story: t(
			"I Made Wirata mengukir sejak berusia dua belas tahun dan membuka sanggar Dharma Shanti di Penatih pada 1985. "+
				"Sanggarnya mengerjakan patung, panel dan ornamen pura dari kayu suar, jempinis dan cempaka. "+
				"Banyak ukirannya kini menghiasi hotel dan rumah di Sanur.",
			"I Made Wirata has carved since he was twelve and opened the Dharma Shanti studio in Penatih in 1985. "+
				"The studio makes statues, panels and temple ornaments in suar, jempinis and cempaka wood. "+
				"Many of its carvings now adorn hotels and homes in Sanur."),
	},
	{
		name: "Pahat Kayu Tegal Harum", owner: "I Nyoman Sukadana", craft: "ukiran", prefix: "PTH",
		kelurahan: "51.71.03.2008", since: 2005, products: 8,
		kinds: []*kind{woodBowl, incenseHolder, woodStatue},
		story: t(
			"I Nyoman Sukadana mengukir benda pakai sehari-hari: mangkuk, tempat dupa dan patung kecil. "+
				"Ia memakai kayu dari pohon tumbang dan sisa bangunan yang dikeringkan perlahan selama setahun. "+
				"Hasilnya dihaluskan dengan minyak kelapa dan lilin lebah, tanpa pernis kimia.",
			"I Nyoman Sukadana carves things for everyday use: bowls, incense holders and small figures. "+
				"He works with wood from fallen trees and salvaged buildings, dried slowly for a year. "+
				"Everything is finished with coconut oil and beeswax instead of chemical varnish."),
	},
	{
		name: "Anyaman Ate Lestari", owner: "Ni Nyoman Sriani", craft: "anyaman", prefix: "AAL",
		kelurahan: "51.71.01.2007", since: 2010, products: 10,
		kinds: []*kind{roundBag, basket, sokasi, placemats},
		story: t(
			"Ni Nyoman Sriani mengoordinasi dua puluh ibu rumah tangga di Sidakarya yang menganyam di sela pekerjaan rumah. "+
				"Rumput ate didatangkan dari Karangasem, dijemur, dianyam rapat lalu diasapi agar berwarna cokelat madu dan awet. "+
				"Lestari membuat tas bulat, keranjang dan sokasi untuk banten.",
			"Ni Nyoman Sriani coordinates twenty women in Sidakarya who weave between household chores. "+
				"Ate grass comes from Karangasem; it is sun-dried, woven tightly and smoked to a lasting honey-brown. "+
				"Lestari makes round bags, baskets and sokasi boxes for offerings."),
	},
	{
		name: "Sanggar Lukis Padma", owner: "I Gede Astawa", craft: "lukisan", prefix: "SLP",
		kelurahan: "51.71.01.2009", since: 1999, featured: true, products: 8,
		kinds: []*kind{kamasanPainting, batuanPainting},
		story: t(
			"I Gede Astawa mempelajari gaya wayang Kamasan dan gaya Batuan sebelum mendirikan Sanggar Lukis Padma di Sanur Kaja. "+
				"Sanggarnya melukis dengan tinta, pewarna alam dan akrilik, mengisahkan Ramayana, Mahabharata dan kehidupan desa. "+
				"Setiap lukisan adalah karya tunggal yang ditandatangani pelukisnya.",
			"I Gede Astawa studied the Kamasan wayang and Batuan styles before founding Sanggar Lukis Padma in Sanur Kaja. "+
				"The studio paints in ink, natural pigments and acrylic, telling the Ramayana, the Mahabharata and village life. "+
				"Every painting is one of a kind and signed by its painter."),
	},
	{
		name: "Galeri Warna Padangsambian", owner: "Ni Kadek Dwi Lestari", craft: "lukisan", prefix: "GWP",
		kelurahan: "51.71.03.1010", since: 2015, products: 7,
		kinds: []*kind{acrylicPainting},
		story: t(
			"Ni Kadek Dwi Lestari, lulusan seni rupa ISI Denpasar, melukis lanskap dan keseharian kota Denpasar dengan warna-warna berani. "+
				"Galerinya di Padangsambian juga membuka kelas melukis untuk anak-anak setiap hari Minggu.",
			"Ni Kadek Dwi Lestari, a fine arts graduate of ISI Denpasar, paints the landscapes and daily life of Denpasar in bold colour. "+
				"Her gallery in Padangsambian also runs painting classes for children every Sunday."),
	},
	{
		name: "Sanggar Tapel Sari", owner: "I Ketut Marsa", craft: "topeng", prefix: "STS",
		kelurahan: "51.71.02.1006", since: 1992, products: 10,
		kinds: []*kind{danceMask, miniMask},
		story: t(
			"I Ketut Marsa adalah pembuat tapel sekaligus penari topeng di Sumerta. "+
				"Topengnya diukir dari kayu pule, dicat dengan puluhan lapis warna dan prada emas, lalu ditarikan di pura-pura Denpasar. "+
				"Ia juga membuat topeng berukuran kecil untuk hiasan dinding.",
			"I Ketut Marsa is both a mask maker and a topeng dancer in Sumerta. "+
				"His masks are carved from pule wood, painted in dozens of layers with gold leaf, and danced in temples across Denpasar. "+
				"He also makes smaller masks to hang on the wall."),
	},
}
