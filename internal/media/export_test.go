package media

// TakeAllDecodeSlots occupies every decoding slot, as that many concurrent
// uploads would, until the returned function frees them.
func TakeAllDecodeSlots() (release func()) {
	n := cap(decodeSlots)
	for range n {
		decodeSlots <- struct{}{}
	}
	return func() {
		for range n {
			<-decodeSlots
		}
	}
}
