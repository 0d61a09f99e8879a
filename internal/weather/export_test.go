package weather

// Internal helpers exposed to the external tests of this package.
var (
	ParseAmount      = parseAmount
	PTYPrecipitation = ptyPrecipitation
	WMO              = wmo
	KMAPublishDelay  = kmaPublishDelay
	GridXY           = gridXY
	ToGrid           = toGrid
	LatestBaseTime   = latestBaseTime
)

// Len returns the number of cached cells (expired ones included until
// they are pruned).
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
