package weather

// Internal helpers exposed to the external tests of this package.
var (
	ParseAmount      = parseAmount
	PTYPrecipitation = ptyPrecipitation
	WMO              = wmo
	KMAPublishDelay  = kmaPublishDelay
)
