package demo

import "kriya/internal/catalog"

// kind is a type of product an artisan makes, such as a silver ring. Each
// of its variants becomes one listing: the title and first sentence of the
// description name the variant, the rest is drawn from notes.
type kind struct {
	title     catalog.Text // a format with one %s for the variant's name
	intro     catalog.Text // the description's first sentence, %s for the variant's detail
	notes     *notes
	materials []catalog.Text // one is picked unless the variant names its own
	price     [2]int64       // range of the base price in rupiah
	grams     [2]int
	stock     int // most units of one SKU in stock
	// choices are the SKUs a listing may offer (sizes, colours…), each
	// priced at a factor of the base price; a listing offers a run of
	// between pick[0] and pick[1] of them. No choices means one SKU.
	choices  []choice
	pick     [2]int
	variants []variant
}

type choice struct {
	label  string
	factor float64
}

// variant is what sets one listing apart from others of its kind.
type variant struct {
	name     catalog.Text // for the title
	detail   catalog.Text // a phrase for the description
	material catalog.Text // overrides the kind's materials when set
}

// notes are sentences shared by related kinds. Each takes the artisan's
// name, so listings of the same kind by different artisans read
// differently.
type notes struct {
	technique []catalog.Text // %s for the artisan's name
	care      []catalog.Text
}

func t(id, en string) catalog.Text { return catalog.Text{ID: id, EN: en} }

func v(nameID, nameEN, detailID, detailEN string) variant {
	return variant{name: t(nameID, nameEN), detail: t(detailID, detailEN)}
}

// made gives a variant its own material.
func (v variant) made(id, en string) variant {
	v.material = t(id, en)
	return v
}

func sizes(labels ...string) []choice {
	cs := make([]choice, len(labels))
	for i, l := range labels {
		cs[i] = choice{label: l, factor: 1}
	}
	return cs
}

var (
	ringSizes    = sizes("Ukuran 6", "Ukuran 7", "Ukuran 8", "Ukuran 9")
	clothColours = sizes("Merah Marun", "Biru Nila", "Hijau Daun", "Hitam", "Ungu Terong", "Kuning Kunyit")
	canvasSizes  = []choice{{"50 × 70 cm", 1}, {"70 × 100 cm", 1.6}, {"100 × 150 cm", 2.6}}
)

// Silver jewellery.

var silverNotes = &notes{
	technique: []catalog.Text{
		t("Dikerjakan di bengkel %s dari perak 925 dengan teknik jawan dan filigri.",
			"Made in the %s workshop from 925 silver using jawan granulation and filigree."),
		t("Perajin %s memotong, mematri dan menghaluskan setiap bagiannya tanpa cetakan.",
			"The silversmiths of %s cut, solder and polish every part without casting moulds."),
		t("Seperti semua karya %s, perhiasan ini dicap 925 sebagai jaminan kadar perak.",
			"Like all work from %s, it is stamped 925 as a guarantee of silver content."),
		t("Dibuat dalam jumlah kecil oleh perajin %s, sehingga tidak ada dua buah yang persis sama.",
			"Made in small batches by the craftspeople of %s, so no two pieces are quite alike."),
		t("Bagian cekungnya dioksidasi di bengkel %s agar motif tampak dalam, lalu permukaannya dipoles mengilap.",
			"At %s the recesses are oxidised so the motif stands out, then the raised surfaces are polished bright."),
	},
	care: []catalog.Text{
		t("Simpan dalam kantong kain yang disertakan agar tidak cepat kusam.",
			"Keep it in the cloth pouch provided so it tarnishes less."),
		t("Bersihkan dengan kain lembut dan hindarkan dari parfum serta air laut.",
			"Clean with a soft cloth and keep it away from perfume and sea water."),
		t("Dikirim dalam kotak kayu dengan kartu keaslian dari Dekranasda Kota Denpasar.",
			"Ships in a wooden box with a card of authenticity from Dekranasda Kota Denpasar."),
		t("Cocok sebagai hadiah; kami membungkusnya tanpa biaya tambahan.",
			"Makes a fine gift; we wrap it at no extra charge."),
	},
}

var sterling = []catalog.Text{t("Perak 925", "925 sterling silver")}

var silverMotifs = []variant{
	v("Motif Jawan", "Jawan Motif",
		"butiran jawan halus yang ditata satu per satu", "fine jawan granules set one at a time"),
	v("Bunga Jepun", "Frangipani Flower",
		"bunga jepun lima kelopak yang uratnya ditatah tangan", "a five-petal frangipani, its veins chased by hand"),
	v("Motif Patra Punggel", "Patra Punggel Motif",
		"sulur patra punggel, ragam hias yang juga menghiasi dinding pura", "patra punggel scrolls, the ornament also found on temple walls"),
	v("Motif Naga", "Dragon Motif",
		"naga Basuki yang melingkar dengan sisik ditatah tangan", "a coiled Basuki dragon with hand-chased scales"),
	v("Batu Garnet", "Garnet Stone",
		"batu garnet merah tua dalam bingkai filigri", "a deep red garnet in a filigree setting").
		made("Perak 925, batu garnet", "925 sterling silver, garnet"),
	v("Mutiara Lombok", "Lombok Pearl",
		"mutiara laut dari Lombok dalam dudukan sederhana", "a saltwater pearl from Lombok in a simple setting").
		made("Perak 925, mutiara laut", "925 sterling silver, saltwater pearl"),
	v("Batu Bulan", "Moonstone",
		"batu bulan yang berkilau kebiruan", "a moonstone with a bluish glow").
		made("Perak 925, batu bulan", "925 sterling silver, moonstone"),
	v("Motif Bun", "Bun Tendril Motif",
		"sulur bun yang merambat mengikuti lengkungnya", "bun tendrils climbing along its curve"),
	v("Onyx Hitam", "Black Onyx",
		"onyx hitam berkilap yang dikelilingi butiran jawan", "glossy black onyx ringed with jawan granules").
		made("Perak 925, onyx", "925 sterling silver, onyx"),
	v("Kawat Pilin", "Twisted Wire",
		"kawat perak pilin yang dijalin rapat", "tightly plaited twisted silver wire"),
	v("Motif Penyu", "Sea Turtle Motif",
		"penyu kecil, lambang umur panjang di pesisir Sanur", "a little sea turtle, a sign of long life on the Sanur coast"),
	v("Daun Pakis", "Fern Leaf",
		"daun pakis muda yang melengkung", "a young, curling fern frond"),
}

var (
	silverRing = &kind{
		title: t("Cincin Perak %s", "Silver Ring with %s"),
		intro: t("Cincin perak ini dihiasi %s.", "This silver ring is decorated with %s."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{250_000, 1_200_000}, grams: [2]int{4, 12}, stock: 8,
		choices: ringSizes, pick: [2]int{3, 4}, variants: silverMotifs,
	}
	silverEarrings = &kind{
		title: t("Anting Perak %s", "Silver Earrings with %s"),
		intro: t("Sepasang anting berhias %s, cukup ringan untuk dipakai seharian.",
			"A pair of earrings featuring %s, light enough to wear all day."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{150_000, 750_000}, grams: [2]int{4, 10}, stock: 15,
		variants: silverMotifs,
	}
	silverPendant = &kind{
		title: t("Liontin Perak %s", "Silver Pendant with %s"),
		intro: t("Liontin berhias %s, dijual bersama rantai perak 45 cm.",
			"A pendant bearing %s, sold with a 45 cm silver chain."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{200_000, 900_000}, grams: [2]int{5, 14}, stock: 12,
		variants: silverMotifs,
	}
	silverHairpin = &kind{
		title: t("Tusuk Konde Perak %s", "Silver Hairpin with %s"),
		intro: t("Tusuk konde untuk sanggul upacara, kepalanya dihiasi %s.",
			"A hairpin for a ceremonial bun, its head adorned with %s."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{200_000, 700_000}, grams: [2]int{8, 20}, stock: 10,
		variants: silverMotifs,
	}
	silverBracelet = &kind{
		title: t("Gelang Perak %s", "Silver Bracelet with %s"),
		intro: t("Gelang rantai berhias %s, tersedia dalam beberapa panjang.",
			"A chain bracelet set with %s, offered in several lengths."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{400_000, 1_300_000}, grams: [2]int{15, 40}, stock: 6,
		choices: []choice{{"16 cm", 1}, {"18 cm", 1.06}, {"20 cm", 1.12}}, pick: [2]int{2, 3},
		variants: silverMotifs,
	}
	silverNecklace = &kind{
		title: t("Kalung Perak %s", "Silver Necklace with %s"),
		intro: t("Kalung rantai perak dengan bandul berhias %s.",
			"A silver chain necklace whose pendant bears %s."),
		notes: silverNotes, materials: sterling,
		price: [2]int64{350_000, 1_300_000}, grams: [2]int{12, 35}, stock: 6,
		choices: []choice{{"45 cm", 1}, {"50 cm", 1.1}}, pick: [2]int{2, 2},
		variants: silverMotifs,
	}
)

// Endek and songket weaving.

var endekNotes = &notes{
	technique: []catalog.Text{
		t("Ditenun dengan alat tenun bukan mesin di %s; satu lembar memerlukan dua sampai tiga minggu.",
			"Woven on a hand-operated loom at %s; one length takes two to three weeks."),
		t("Benang pakan diikat dan dicelup sebelum ditenun oleh penenun %s, sehingga tepi motifnya sedikit berpendar.",
			"The weavers of %s tie and dye the weft before weaving, which gives the motif its softly feathered edges."),
		t("Pewarnaan di %s dilakukan bertahap, satu warna setiap kali ikatan dibuka.",
			"At %s the colours go on in stages, one each time the ties are opened."),
		t("Setiap lembar dari %s berukuran sekitar 2 × 1,1 meter, cukup untuk kamen atau dijahit menjadi busana.",
			"Each length from %s measures about 2 × 1.1 metres, enough for a kamen or to be tailored."),
	},
	care: []catalog.Text{
		t("Cuci dengan tangan memakai air dingin dan jemur di tempat teduh.",
			"Hand wash in cold water and dry in the shade."),
		t("Warnanya dapat sedikit luntur pada cucian pertama, jadi cucilah terpisah.",
			"The colour may bleed a little in the first wash, so wash it separately."),
		t("Setrika dari sisi dalam dengan suhu sedang.",
			"Iron on the reverse at a medium heat."),
	},
}

var tailorNotes = &notes{
	technique: []catalog.Text{
		t("Dijahit oleh kelompok %s dari kain endek tenunan sendiri.",
			"Sewn by the %s group from cloth they weave themselves."),
		t("Setiap potong dari %s memakai bagian kain yang berbeda, sehingga letak motifnya tidak pernah sama.",
			"Each piece from %s is cut from a different part of the cloth, so the motif never falls in quite the same place."),
		t("Kain untuk produk %s dicelup dengan pewarna alam dari indigo, kulit mahoni dan kunyit.",
			"The cloth for %s is dyed with natural indigo, mahogany bark and turmeric."),
	},
	care: endekNotes.care,
}

var songketNotes = &notes{
	technique: []catalog.Text{
		t("Benang emas disisipkan helai demi helai oleh penenun %s; selembar kain bisa memakan waktu hingga dua bulan.",
			"The weavers of %s insert the gold thread strand by strand; a single cloth can take up to two months."),
		t("Ditenun di %s dengan cag-cag, alat tenun gendong tradisional Bali.",
			"Woven at %s on a cag-cag, the traditional Balinese backstrap loom."),
		t("Dibuat di %s untuk upacara adat, pernikahan dan potong gigi.",
			"Made at %s for temple ceremonies, weddings and tooth-filing rites."),
	},
	care: []catalog.Text{
		t("Jangan dicuci dengan mesin; cukup diangin-anginkan dan disimpan terbungkus kain.",
			"Never machine wash; air it and store it wrapped in cloth."),
		t("Simpan dengan cara digulung, bukan dilipat, agar benang emasnya tidak patah.",
			"Store it rolled rather than folded so the gold thread does not break."),
		t("Disertai kartu keterangan motif dan nama penenunnya.",
			"Comes with a card describing the motif and naming its weaver."),
	},
}

var endekMotifs = []variant{
	v("Motif Cepuk", "Cepuk Motif",
		"cepuk, pola kotak berbingkai yang dulu dipakai untuk kain upacara", "cepuk, a framed lattice once reserved for ceremonial cloth"),
	v("Motif Rangrang", "Rangrang Motif",
		"rangrang, zig-zag berongga khas Nusa Penida", "rangrang, the open zig-zag of Nusa Penida"),
	v("Motif Wajik", "Diamond Motif",
		"wajik, belah ketupat bertingkat yang berulang", "wajik, rows of nested diamonds"),
	v("Motif Poleng", "Poleng Check",
		"poleng, kotak hitam-putih yang melambangkan keseimbangan", "poleng, the black-and-white check that stands for balance"),
	v("Motif Bunga Cempaka", "Cempaka Flower Motif",
		"bunga cempaka yang disusun menyerong", "cempaka flowers laid out on the diagonal"),
	v("Motif Patra Sari", "Patra Sari Motif",
		"patra sari, sulur dan bunga yang saling mengait", "patra sari, interlocking tendrils and blossoms"),
	v("Motif Gringsing", "Gringsing Motif",
		"gringsing, lingkaran bertaut yang terilhami tenun Tenganan", "gringsing, linked circles inspired by the double ikat of Tenganan"),
	v("Motif Mesalin", "Mesalin Motif",
		"mesalin, garis bersilang dari perpaduan dua warna", "mesalin, crossing stripes in two colours"),
	v("Motif Ombak", "Wave Motif",
		"ombak laut Sanur yang bergulung", "rolling waves like those off Sanur"),
	v("Motif Kupu-kupu", "Butterfly Motif",
		"kupu-kupu kecil yang berderet", "rows of small butterflies"),
	v("Motif Jepun", "Frangipani Motif",
		"kelopak jepun yang bertaburan", "scattered frangipani petals"),
	v("Motif Tumpal", "Tumpal Motif",
		"tumpal, deretan segitiga di kedua ujung kain", "tumpal, rows of triangles at both ends of the cloth"),
}

var songketMotifs = []variant{
	v("Motif Cakra", "Cakra Motif",
		"cakra, roda senjata Dewa Wisnu", "the cakra, Wisnu's wheel"),
	v("Motif Bunga Teratai", "Lotus Motif",
		"bunga teratai yang mekar di atas dasar merah", "lotus flowers in bloom on a red ground"),
	v("Motif Wayang", "Wayang Motif",
		"tokoh-tokoh wayang yang saling berhadapan", "wayang figures facing one another"),
	v("Motif Ceplok Bintang", "Star Motif",
		"ceplok bintang yang berulang di seluruh bidang kain", "star medallions repeated across the field"),
	v("Motif Merak", "Peacock Motif",
		"sepasang merak dengan ekor terurai", "a pair of peacocks with trailing tails"),
	v("Motif Kembang Rampe", "Kembang Rampe Motif",
		"kembang rampe, irisan pandan harum untuk sesajen", "kembang rampe, the fragrant sliced pandan used in offerings"),
	v("Motif Pucuk Rebung", "Bamboo Shoot Motif",
		"pucuk rebung, segitiga tunas bambu yang melambangkan harapan", "pucuk rebung, bamboo-shoot triangles that stand for hope"),
	v("Motif Naga Sari", "Naga Sari Motif",
		"dua naga yang menjaga bunga di tengah kain", "two dragons guarding a flower at the centre"),
	v("Motif Ron", "Ron Motif",
		"ron, daun-daun kecil yang merambat", "ron, small climbing leaves"),
}

var songketYarns = []catalog.Text{
	t("Benang sutra, benang emas", "Silk yarn, gold thread"),
	t("Benang katun, benang emas", "Cotton yarn, gold thread"),
}

var (
	endekCloth = &kind{
		title: t("Kain Endek %s", "Endek Cloth with %s"),
		intro: t("Kain endek ini bermotif %s.", "This endek cloth carries %s."),
		notes: endekNotes, materials: []catalog.Text{t("Kain endek, benang katun", "Endek cloth, cotton yarn")},
		price: [2]int64{350_000, 1_100_000}, grams: [2]int{350, 550}, stock: 10,
		choices: clothColours, pick: [2]int{1, 3}, variants: endekMotifs,
	}
	silkEndek = &kind{
		title: t("Kain Endek Sutra %s", "Silk Endek Cloth with %s"),
		intro: t("Ditenun dari benang sutra, kain endek ini menampilkan %s.",
			"Woven from silk yarn, this endek cloth shows %s."),
		notes: endekNotes, materials: []catalog.Text{t("Kain endek, benang sutra", "Endek cloth, silk yarn")},
		price: [2]int64{950_000, 1_500_000}, grams: [2]int{250, 400}, stock: 5,
		choices: clothColours, pick: [2]int{1, 2}, variants: endekMotifs,
	}
	endekShirt = &kind{
		title: t("Kemeja Endek %s", "Endek Shirt with %s"),
		intro: t("Kemeja lengan pendek dari kain endek bermotif %s, berkancing batok kelapa.",
			"A short-sleeved shirt in endek cloth with %s, fastened with coconut-shell buttons."),
		notes: tailorNotes, materials: []catalog.Text{t("Kain endek katun", "Cotton endek cloth")},
		price: [2]int64{350_000, 550_000}, grams: [2]int{220, 320}, stock: 12,
		choices: sizes("S", "M", "L", "XL"), pick: [2]int{3, 4}, variants: endekMotifs,
	}
	endekBag = &kind{
		title: t("Tas Endek %s", "Endek Bag with %s"),
		intro: t("Tas jinjing dari kain endek bermotif %s, berlapis kain blacu di dalamnya.",
			"A tote bag in endek cloth with %s, lined with calico."),
		notes: tailorNotes, materials: []catalog.Text{t("Kain endek, kain blacu", "Endek cloth, calico")},
		price: [2]int64{200_000, 380_000}, grams: [2]int{250, 400}, stock: 20,
		variants: endekMotifs,
	}
	songketCloth = &kind{
		title: t("Kain Songket %s", "Songket Cloth with %s"),
		intro: t("Songket ini ditenun dengan benang emas yang membentuk %s.",
			"This songket is woven with gold thread that forms %s."),
		notes: songketNotes, materials: songketYarns,
		price: [2]int64{1_500_000, 8_000_000}, grams: [2]int{600, 950}, stock: 2,
		variants: songketMotifs,
	}
	songketShawl = &kind{
		title: t("Selendang Songket %s", "Songket Shawl with %s"),
		intro: t("Selendang untuk kebaya upacara yang dihiasi %s.",
			"A shawl to wear with a ceremonial kebaya, adorned with %s."),
		notes: songketNotes, materials: songketYarns,
		price: [2]int64{1_500_000, 3_200_000}, grams: [2]int{180, 300}, stock: 4,
		variants: songketMotifs,
	}
)

// Wood carving.

var woodNotes = &notes{
	technique: []catalog.Text{
		t("Diukir dengan pahat tangan di sanggar %s, dari bakalan kasar hingga detail terhalus.",
			"Hand-chiselled at the %s studio, from the rough block to the finest detail."),
		t("Kayu untuk %s dikeringkan perlahan hampir setahun agar tidak retak.",
			"Wood for %s is dried slowly for almost a year so it will not crack."),
		t("Permukaannya dihaluskan di %s dengan amplas bertingkat lalu dilapisi minyak kelapa dan lilin lebah.",
			"At %s the surface is sanded through several grades and finished with coconut oil and beeswax."),
		t("Setiap karya %s diukir oleh satu orang dari awal sampai akhir.",
			"Each %s piece is carved by one person from start to finish."),
	},
	care: []catalog.Text{
		t("Bersihkan debu dengan kuas lembut dan jauhkan dari sinar matahari langsung.",
			"Dust with a soft brush and keep it out of direct sunlight."),
		t("Oleskan sedikit lilin lebah setahun sekali agar warnanya tetap hangat.",
			"Rub in a little beeswax once a year to keep the colour warm."),
		t("Dikemas dalam peti kayu untuk pengiriman jarak jauh.",
			"Packed in a wooden crate for long-distance shipping."),
	},
}

var carvingWoods = []catalog.Text{
	t("Kayu suar", "Suar wood"),
	t("Kayu jempinis", "Jempinis wood"),
	t("Kayu cempaka", "Cempaka wood"),
	t("Kayu sawo", "Sapodilla wood"),
	t("Kayu eboni", "Ebony"),
}

var carvingSubjects = []variant{
	v("Garuda", "Garuda",
		"Garuda, tunggangan Dewa Wisnu, dengan sayap terbentang", "Garuda, the mount of Wisnu, with wings spread wide"),
	v("Dewi Sri", "Dewi Sri",
		"Dewi Sri, dewi padi dan kemakmuran, memegang setangkai padi", "Dewi Sri, goddess of rice and plenty, holding a sheaf of rice"),
	v("Ganesha", "Ganesha",
		"Ganesha yang duduk bersila di atas teratai", "Ganesha seated cross-legged on a lotus"),
	v("Penari Legong", "Legong Dancer",
		"penari legong dalam sikap agem, lengkap dengan kipasnya", "a legong dancer in the agem pose, fan in hand"),
	v("Buddha Bermeditasi", "Meditating Buddha",
		"Buddha yang bermeditasi dengan wajah teduh", "the Buddha in meditation, his face serene"),
	v("Kodok Payung", "Frog with Umbrella",
		"seekor kodok jenaka yang berteduh di bawah daun talas", "a cheerful frog sheltering under a taro leaf"),
	v("Burung Hantu", "Owl",
		"burung hantu yang bertengger di dahan dengan bulu berlapis", "an owl perched on a branch, its feathers layered"),
	v("Kucing Tidur", "Sleeping Cat",
		"kucing yang tidur melingkar", "a cat curled up asleep"),
	v("Hanoman", "Hanoman",
		"Hanoman, kera putih dari kisah Ramayana, sedang melompat", "Hanoman, the white monkey of the Ramayana, in mid-leap"),
	v("Nelayan Sanur", "Sanur Fisherman",
		"nelayan Sanur yang memikul jaringnya", "a Sanur fisherman shouldering his net"),
}

var reliefScenes = []variant{
	v("Patra Punggel", "Patra Punggel",
		"sulur patra punggel yang dalam dan bertingkat", "deep, layered patra punggel scrolls"),
	v("Kolam Teratai", "Lotus Pond",
		"kolam teratai dengan ikan-ikan yang berenang", "a lotus pond with fish swimming among the stems"),
	v("Karang Boma", "Karang Boma",
		"wajah Boma, penjaga gerbang pura", "the face of Boma, guardian of temple gates"),
	v("Burung Merak", "Peacock",
		"sepasang merak di antara bunga-bunga", "a pair of peacocks among flowers"),
	v("Kehidupan Desa", "Village Life",
		"petani, sawah dan lumbung padi", "farmers, rice fields and a rice barn"),
	v("Pohon Hayat", "Tree of Life",
		"pohon hayat yang dihuni burung dan kera", "a tree of life alive with birds and monkeys"),
}

var smallShapes = []variant{
	v("Daun Talas", "Taro Leaf", "daun talas dengan urat yang menonjol", "a taro leaf with raised veins"),
	v("Bunga Jepun", "Frangipani", "bunga jepun yang sedang mekar", "a frangipani in bloom"),
	v("Penyu", "Sea Turtle", "penyu yang sedang berenang", "a swimming sea turtle"),
	v("Ikan", "Fish", "ikan dengan sisik yang diukir halus", "a fish with finely carved scales"),
	v("Kerang", "Shell", "kerang laut dengan alur-alur lembut", "a seashell with gentle ridges"),
	v("Perahu Jukung", "Jukung Boat", "perahu jukung nelayan Sanur", "a jukung, the outrigger boat of Sanur's fishermen"),
}

var (
	woodStatue = &kind{
		title: t("Ukiran Kayu %s", "%s Wood Carving"),
		intro: t("Ukiran ini menggambarkan %s.", "This carving depicts %s."),
		notes: woodNotes, materials: carvingWoods,
		price: [2]int64{200_000, 1_700_000}, grams: [2]int{800, 4000}, stock: 3,
		choices: []choice{{"Tinggi 30 cm", 1}, {"Tinggi 50 cm", 1.8}, {"Tinggi 80 cm", 3.4}}, pick: [2]int{1, 3},
		variants: carvingSubjects,
	}
	woodPanel = &kind{
		title: t("Panel Ukiran %s", "Carved %s Panel"),
		intro: t("Panel dinding dengan relief %s.", "A wall panel carved in relief with %s."),
		notes: woodNotes, materials: []catalog.Text{t("Kayu suar", "Suar wood"), t("Kayu jati", "Teak")},
		price: [2]int64{800_000, 6_000_000}, grams: [2]int{3000, 9000}, stock: 2,
		variants: reliefScenes,
	}
	mirrorFrame = &kind{
		title: t("Bingkai Cermin Ukir %s", "Carved %s Mirror Frame"),
		intro: t("Bingkai cermin berukir %s, lengkap dengan kaca dan gantungannya.",
			"A mirror frame carved with %s, complete with glass and hanger."),
		notes: woodNotes, materials: []catalog.Text{t("Kayu suar, kaca", "Suar wood, glass"), t("Kayu jati, kaca", "Teak, glass")},
		price: [2]int64{750_000, 2_600_000}, grams: [2]int{2000, 5000}, stock: 3,
		variants: reliefScenes,
	}
	woodBowl = &kind{
		title: t("Mangkuk Kayu %s", "%s Wooden Bowl"),
		intro: t("Mangkuk kayu berbentuk %s, diukir dari satu balok utuh.",
			"A wooden bowl in the shape of %s, carved from a single block."),
		notes: woodNotes, materials: []catalog.Text{t("Kayu mahoni", "Mahogany"), t("Kayu jati", "Teak"), t("Kayu suar", "Suar wood")},
		price: [2]int64{200_000, 400_000}, grams: [2]int{300, 1200}, stock: 15,
		choices: []choice{{"Diameter 20 cm", 1}, {"Diameter 30 cm", 1.6}}, pick: [2]int{1, 2},
		variants: smallShapes,
	}
	incenseHolder = &kind{
		title: t("Tempat Dupa Ukir %s", "Carved %s Incense Holder"),
		intro: t("Tempat dupa berbentuk %s, berlubang untuk sebatang dupa.",
			"Shaped like %s, this incense holder takes a single stick of incense."),
		notes: woodNotes, materials: []catalog.Text{t("Kayu sawo", "Sapodilla wood"), t("Kayu mahoni", "Mahogany")},
		price: [2]int64{200_000, 320_000}, grams: [2]int{150, 400}, stock: 25,
		variants: smallShapes,
	}
)

// Basketry.

var basketNotes = &notes{
	technique: []catalog.Text{
		t("Dianyam dengan tangan, sehelai demi sehelai, oleh para ibu di %s.",
			"Woven by hand, strand by strand, by the women of %s."),
		t("Setelah dianyam, setiap karya %s diasapi di atas serabut kelapa agar awet dan tahan jamur.",
			"After weaving, %s smokes each piece over coconut husk so it lasts and resists mould."),
		t("Bahan untuk %s dijemur hingga kering benar sebelum dianyam agar tidak menyusut.",
			"Materials for %s are sun-dried thoroughly before weaving so they will not shrink."),
	},
	care: []catalog.Text{
		t("Jauhkan dari tempat lembap dan sesekali angin-anginkan di bawah matahari pagi.",
			"Keep it away from damp and air it now and then in the morning sun."),
		t("Bersihkan dengan sikat kering; jangan direndam.",
			"Clean with a dry brush; do not soak."),
		t("Warnanya akan semakin cokelat keemasan seiring waktu.",
			"Its colour deepens to a golden brown with time."),
	},
}

var ateGrass = []catalog.Text{t("Rumput ate", "Ate grass")}

var (
	roundBag = &kind{
		title: t("Tas Bulat Ate %s", "Round Ate Bag with %s"),
		intro: t("Tas bulat khas Bali dari rumput ate dengan %s.",
			"The classic round Balinese bag in ate grass, with %s."),
		notes: basketNotes, materials: ateGrass,
		price: [2]int64{250_000, 480_000}, grams: [2]int{300, 600}, stock: 15,
		choices: []choice{{"Diameter 20 cm", 1}, {"Diameter 25 cm", 1.25}}, pick: [2]int{1, 2},
		variants: []variant{
			v("Tali Kulit", "Leather Strap", "tali bahu dari kulit samak nabati", "a vegetable-tanned leather shoulder strap").
				made("Rumput ate, kulit sapi", "Ate grass, cowhide"),
			v("Motif Bintang", "Star Pattern", "pola bintang yang dianyam di bagian depannya", "a star pattern woven into the front"),
			v("Kancing Kayu", "Wooden Clasp", "pengait dari kayu sawo", "a sapodilla-wood clasp").
				made("Rumput ate, kayu sawo", "Ate grass, sapodilla wood"),
			v("Lapisan Batik", "Batik Lining", "lapisan dalam dari kain batik", "a batik cloth lining").
				made("Rumput ate, kain batik", "Ate grass, batik cloth"),
			v("Rumbai", "Tassels", "rumbai benang warna-warni", "bright cotton tassels"),
		},
	}
	basket = &kind{
		title: t("Keranjang %s", "%s Basket"),
		intro: t("Keranjang anyaman rapat %s.", "A tightly woven basket %s."),
		notes: basketNotes, materials: ateGrass,
		price: [2]int64{75_000, 280_000}, grams: [2]int{300, 1500}, stock: 20,
		choices: []choice{{"Kecil", 1}, {"Sedang", 1.45}, {"Besar", 2.1}}, pick: [2]int{1, 3},
		variants: []variant{
			v("Ate Bertutup", "Lidded Ate", "dengan tutup yang pas dan pegangan rotan", "with a snug lid and rattan handles").
				made("Rumput ate, rotan", "Ate grass, rattan"),
			v("Cucian Ate", "Ate Laundry", "yang cukup besar untuk cucian seminggu", "large enough for a week's laundry"),
			v("Buah Bambu", "Bamboo Fruit", "dari bilah bambu tipis, pas untuk buah di meja makan", "of thin bamboo strips, just right for fruit on the table").
				made("Bambu", "Bamboo"),
			v("Roti Lontar", "Lontar Bread", "dari daun lontar dengan bibir yang dililit rapi", "of lontar palm leaf, its rim neatly bound").
				made("Daun lontar", "Lontar palm leaf"),
			v("Piknik Ate", "Ate Picnic", "dengan dua pegangan dan alas yang kokoh", "with two handles and a sturdy base"),
			v("Pandan Bermotif", "Patterned Pandan", "dari pandan berduri yang dicelup dua warna", "of thorny pandanus dyed in two colours").
				made("Daun pandan", "Pandanus leaf"),
			v("Canang Bambu", "Bamboo Canang", "untuk membawa canang sari setiap pagi", "for carrying the daily canang sari offerings").
				made("Bambu", "Bamboo"),
		},
	}
	sokasi = &kind{
		title: t("Sokasi %s", "%s Sokasi Box"),
		intro: t("Sokasi, kotak anyaman untuk membawa banten ke pura, %s.",
			"A sokasi, the woven box for carrying offerings to the temple, %s."),
		notes: basketNotes, materials: []catalog.Text{t("Bambu", "Bamboo")},
		price: [2]int64{120_000, 450_000}, grams: [2]int{250, 700}, stock: 12,
		variants: []variant{
			v("Prada Emas", "Gold Leaf", "dicat merah dan dihias prada emas", "painted red and decorated with gold leaf").
				made("Bambu, cat, prada emas", "Bamboo, paint, gold leaf"),
			v("Polos Alami", "Natural", "dibiarkan berwarna bambu alami", "left in the natural colour of the bamboo"),
			v("Motif Tumpal", "Tumpal", "dengan deretan segitiga tumpal di sisinya", "with rows of tumpal triangles along its sides"),
			v("Bertingkat", "Tiered", "yang bersusun tiga tingkat", "in three stacking tiers"),
		},
	}
	placemats = &kind{
		title: t("Tatakan Piring %s", "%s Placemats"),
		intro: t("Satu set berisi enam tatakan piring %s.", "A set of six placemats %s."),
		notes: basketNotes, materials: ateGrass,
		price: [2]int64{75_000, 220_000}, grams: [2]int{300, 600}, stock: 18,
		choices: sizes("Alami", "Cokelat Tua", "Hitam"), pick: [2]int{1, 3},
		variants: []variant{
			v("Ate Bundar", "Round Ate", "berbentuk bundar dari rumput ate", "made round from ate grass"),
			v("Pandan Warna", "Coloured Pandan", "dari pandan yang dicelup warna alam", "in pandanus dyed with natural colours").
				made("Daun pandan", "Pandanus leaf"),
			v("Lidi Kelapa", "Coconut Rib", "dari lidi kelapa yang dirangkai benang", "of coconut leaf ribs strung together with thread").
				made("Lidi kelapa, benang katun", "Coconut leaf rib, cotton thread"),
		},
	}
)

// Painting.

var paintingNotes = &notes{
	technique: []catalog.Text{
		t("Dilukis dan ditandatangani di %s.", "Painted and signed at %s."),
		t("Karya %s ini adalah lukisan asli, bukan cetakan.", "This %s work is an original painting, not a print."),
		t("Dikerjakan di %s selama beberapa minggu, lapis demi lapis.", "Worked at %s over several weeks, layer upon layer."),
		t("Dikirim tanpa bingkai oleh %s, tergulung dalam tabung yang kokoh.", "Shipped unframed by %s, rolled in a sturdy tube."),
	},
	care: []catalog.Text{
		t("Disertai sertifikat keaslian dari Dekranasda Kota Denpasar.",
			"Comes with a certificate of authenticity from Dekranasda Kota Denpasar."),
		t("Gantung jauh dari sinar matahari langsung dan udara lembap.",
			"Hang it away from direct sunlight and damp air."),
		t("Bingkai kayu ukir dapat dipesan terpisah.",
			"A carved wooden frame can be ordered separately."),
	},
}

var (
	kamasanPainting = &kind{
		title: t("Lukisan Kamasan %s", "Kamasan Painting of %s"),
		intro: t("Lukisan gaya Kamasan tentang %s, dengan tokoh wayang dalam warna-warna tanah.",
			"A Kamasan-style painting of %s, its wayang figures drawn in earth colours."),
		notes: paintingNotes, materials: []catalog.Text{t("Pewarna alam di atas kain blacu", "Natural pigments on calico")},
		price: [2]int64{750_000, 4_500_000}, grams: [2]int{300, 800}, stock: 1,
		choices: canvasSizes, pick: [2]int{1, 1},
		variants: []variant{
			v("Kisah Ramayana", "the Ramayana",
				"kisah Ramayana saat Rama dan Sita mengembara di hutan Dandaka", "the Ramayana, as Rama and Sita wander the Dandaka forest"),
			v("Arjuna Bertapa", "Arjuna's Meditation",
				"Arjuna yang bertapa dan digoda para bidadari", "Arjuna in meditation, tempted by the nymphs"),
			v("Bharatayudha", "the Bharatayudha",
				"perang besar Bharatayudha di padang Kurusetra", "the great Bharatayudha war on the field of Kurusetra"),
			v("Palelintangan", "the Palelintangan Calendar",
				"kalender palelintangan, peta nasib menurut hari lahir", "the palelintangan calendar, a map of fate by day of birth"),
			v("Dewi Ratih", "Dewi Ratih",
				"Dewi Ratih, dewi bulan, yang dikejar Kala Rahu", "Dewi Ratih, the moon goddess, pursued by Kala Rahu"),
			v("Sutasoma", "Sutasoma",
				"Sutasoma yang menaklukkan raksasa dengan welas asih", "Sutasoma, who overcomes a giant with compassion"),
		},
	}
	batuanPainting = &kind{
		title: t("Lukisan Batuan %s", "Batuan Painting of %s"),
		intro: t("Lukisan gaya Batuan yang padat detail, menggambarkan %s dengan tinta dan sapuan warna tipis.",
			"A densely detailed Batuan-style painting of %s in ink and thin washes of colour."),
		notes: paintingNotes, materials: []catalog.Text{t("Tinta dan akrilik di atas kanvas", "Ink and acrylic on canvas")},
		price: [2]int64{1_500_000, 5_000_000}, grams: [2]int{1200, 3000}, stock: 1,
		choices: canvasSizes, pick: [2]int{1, 1},
		variants: []variant{
			v("Hutan Larangan", "the Forbidden Forest",
				"hutan larangan yang dihuni makhluk gaib", "a forbidden forest alive with spirits"),
			v("Pasar Malam", "a Night Market",
				"pasar malam yang ramai di bawah cahaya lampu minyak", "a busy night market under oil lamps"),
			v("Upacara Ngaben", "a Ngaben Procession",
				"arak-arakan ngaben menuju setra", "a ngaben cremation procession on its way to the cemetery"),
			v("Tari Barong", "the Barong Dance",
				"pertarungan Barong melawan Rangda", "the battle of Barong and Rangda"),
			v("Panen Padi", "the Rice Harvest",
				"panen padi bersama di sawah subak", "a shared harvest in the subak rice fields"),
		},
	}
	acrylicPainting = &kind{
		title: t("Lukisan %s", "Acrylic Painting of %s"),
		intro: t("Lukisan akrilik berwarna berani yang menangkap %s.",
			"A boldly coloured acrylic painting that captures %s."),
		notes: paintingNotes, materials: []catalog.Text{t("Akrilik di atas kanvas", "Acrylic on canvas")},
		price: [2]int64{750_000, 5_000_000}, grams: [2]int{1200, 4000}, stock: 1,
		choices: []choice{{"50 × 70 cm", 1}, {"70 × 100 cm", 1.7}, {"100 × 150 cm", 3}}, pick: [2]int{1, 1},
		variants: []variant{
			v("Pantai Sanur Pagi", "Sanur Beach at Dawn",
				"cahaya pertama di atas perahu jukung di Pantai Sanur", "first light over the jukung boats on Sanur Beach"),
			v("Sawah Subak", "the Subak Rice Fields",
				"petak-petak sawah subak yang hijau berkilau", "the shimmering green terraces of a subak"),
			v("Pasar Badung", "Badung Market",
				"riuhnya pagi di Pasar Badung", "the morning bustle of Pasar Badung"),
			v("Penari Kecak", "Kecak Dancers",
				"lingkaran penari kecak di bawah cahaya obor", "a circle of kecak dancers by torchlight"),
			v("Upacara Melasti", "the Melasti Procession",
				"iring-iringan melasti berbusana putih menuju laut", "a white-clad melasti procession walking to the sea"),
			v("Bunga Jepun Merah", "Red Frangipani",
				"bunga jepun merah dalam cahaya siang", "red frangipani in the midday light"),
			v("Pura Jagatnatha", "Jagatnatha Temple",
				"Pura Jagatnatha di jantung kota Denpasar", "Jagatnatha Temple at the heart of Denpasar"),
			v("Malam Ogoh-ogoh", "Ogoh-ogoh Night",
				"raksasa ogoh-ogoh yang diarak pada malam Pengerupukan", "ogoh-ogoh giants paraded on the eve of Nyepi"),
			v("Layang-layang Sanur", "Kites over Sanur",
				"layang-layang raksasa di langit Sanur", "giant kites in the sky over Sanur"),
			v("Hujan di Denpasar", "Rain in Denpasar",
				"sore yang hujan di jalanan Denpasar", "a rainy afternoon in the streets of Denpasar"),
		},
	}
)

// Masks.

var maskNotes = &notes{
	technique: []catalog.Text{
		t("Diukir dari kayu pule oleh %s, lalu dicat hingga dua puluh lapis dan diberi prada emas.",
			"Carved in pule wood by %s, then painted in up to twenty layers and finished with gold leaf."),
		t("Cat di %s dibuat sendiri dari tulang, tanah liat dan jelaga yang digiling halus.",
			"At %s the paints are made in-house from finely ground bone, clay and soot."),
		t("Sebelum meninggalkan %s, setiap topeng diupacarai secara sederhana sesuai tradisi.",
			"Before it leaves %s, every mask receives a simple blessing, as tradition asks."),
	},
	care: []catalog.Text{
		t("Gantung di dinding yang kering dan jauh dari sinar matahari langsung agar catnya awet.",
			"Hang it on a dry wall out of direct sun so the paint lasts."),
		t("Bersihkan hanya dengan kuas lembut; jangan dilap basah.",
			"Clean only with a soft brush; never wipe it wet."),
		t("Dikirim dalam kotak berlapis kain.",
			"Ships in a cloth-lined box."),
	},
}

var maskFigures = []variant{
	v("Sidakarya", "Sidakarya",
		"Sidakarya, tokoh bergigi tonggos yang menutup setiap pertunjukan Topeng Pajegan",
		"Sidakarya, the buck-toothed figure who closes every Topeng Pajegan performance"),
	v("Tua", "Old Man",
		"lelaki tua berjanggut putih yang menari dengan gemetar", "an old man with a white beard who dances with a tremble"),
	v("Keras", "Warrior",
		"patih yang gagah dengan mata melotot dan kumis tebal", "a fierce minister with bulging eyes and a thick moustache"),
	v("Dalem", "Dalem King",
		"raja yang halus dan tenang dengan wajah pucat", "a refined, calm king with a pale face"),
	v("Penasar", "Penasar",
		"penasar, abdi jenaka yang menjadi pencerita", "the penasar, the comic servant who narrates the story"),
	v("Bondres", "Bondres",
		"bondres, rakyat jenaka yang membuat penonton tertawa", "the bondres, a comic villager who sets the audience laughing"),
	v("Rangda", "Rangda",
		"Rangda, ratu para leak dengan lidah menjulur", "Rangda, queen of the leak, her tongue hanging long"),
	v("Barong Ket", "Barong Ket",
		"wajah Barong Ket, pelindung desa", "the face of Barong Ket, protector of the village"),
	v("Jauk", "Jauk",
		"jauk, raksasa bermata bulat dengan senyum menyeringai", "the jauk, a round-eyed demon with a leering grin"),
	v("Hanoman", "Hanoman",
		"Hanoman, panglima kera putih", "Hanoman, the white monkey general"),
	v("Rahwana", "Rahwana",
		"Rahwana, raja raksasa dari Alengka", "Rahwana, the demon king of Alengka"),
	v("Telek", "Telek",
		"telek, penjaga berwajah putih yang lembut", "the telek, a gentle white-faced guardian"),
}

var maskMaterials = []catalog.Text{t("Kayu pule, cat alam, prada emas", "Pule wood, natural paint, gold leaf")}

var (
	danceMask = &kind{
		title: t("Topeng %s", "%s Mask"),
		intro: t("Topeng ini menggambarkan %s.", "This mask portrays %s."),
		notes: maskNotes, materials: maskMaterials,
		price: [2]int64{600_000, 3_500_000}, grams: [2]int{300, 700}, stock: 3,
		variants: maskFigures,
	}
	miniMask = &kind{
		title: t("Topeng Mini %s", "Miniature %s Mask"),
		intro: t("Topeng kecil untuk hiasan dinding yang menggambarkan %s.", "A small wall mask portraying %s."),
		notes: maskNotes, materials: maskMaterials,
		price: [2]int64{300_000, 550_000}, grams: [2]int{120, 250}, stock: 10,
		choices: []choice{{"Dengan gantungan", 1}, {"Dengan dudukan kayu", 1.15}}, pick: [2]int{1, 2},
		variants: maskFigures,
	}
)
