package weather

import "math"

// KMA's 5 km forecast grid: a Lambert conformal conic projection with the
// constants of the KMA open-API guide. The grid has 149 × 253 cells.
const (
	gridEarthRadius = 6371.00877 // km
	gridSpacing     = 5.0        // km
	gridSlat1       = 30.0       // standard parallel 1, degrees
	gridSlat2       = 60.0       // standard parallel 2, degrees
	gridOriginLon   = 126.0      // degrees
	gridOriginLat   = 38.0       // degrees
	gridOriginX     = 43         // grid x of the origin
	gridOriginY     = 136        // grid y of the origin
	gridMaxX        = 149
	gridMaxY        = 253
)

// The projection's constants depend only on the values above, so they are
// computed once.
var gridSn, gridSf, gridRo = gridConstants()

func gridConstants() (sn, sf, ro float64) {
	const rad = math.Pi / 180
	re := gridEarthRadius / gridSpacing
	slat1, slat2 := gridSlat1*rad, gridSlat2*rad
	olat := gridOriginLat * rad

	sn = math.Tan(math.Pi*0.25+slat2*0.5) / math.Tan(math.Pi*0.25+slat1*0.5)
	sn = math.Log(math.Cos(slat1)/math.Cos(slat2)) / math.Log(sn)
	sf = math.Pow(math.Tan(math.Pi*0.25+slat1*0.5), sn) * math.Cos(slat1) / sn
	ro = re * sf / math.Pow(math.Tan(math.Pi*0.25+olat*0.5), sn)
	return sn, sf, ro
}

// gridXY returns KMA's raw, unrounded grid coordinates of a point; the
// tests check toGrid's rounding against it.
func gridXY(lat, lon float64) (x, y float64) {
	const rad = math.Pi / 180
	re := gridEarthRadius / gridSpacing
	ra := re * gridSf / math.Pow(math.Tan(math.Pi*0.25+lat*rad*0.5), gridSn)
	theta := lon*rad - gridOriginLon*rad
	if theta > math.Pi {
		theta -= 2 * math.Pi
	}
	if theta < -math.Pi {
		theta += 2 * math.Pi
	}
	theta *= gridSn
	x = ra*math.Sin(theta) + gridOriginX
	y = gridRo - ra*math.Cos(theta) + gridOriginY
	return x, y
}

// toGrid converts a point to KMA's (nx, ny) cell. ok is false for points
// outside the grid, which KMA cannot answer for. Coordinates round half up
// (floor(x + 0.5)), as KMA's own tables do: truncating puts a point such as
// 부산 남구 용호제1동 (x = 98.53) one cell off.
func toGrid(p Point) (nx, ny int, ok bool) {
	// The projection degenerates far from Korea (the pole makes tan()
	// blow up); the grid itself spans roughly 32–44°N, 123–132°E.
	if !p.Valid() || p.Lat < 20 || p.Lat > 50 || p.Lon < 110 || p.Lon > 145 {
		return 0, 0, false
	}
	x, y := gridXY(p.Lat, p.Lon)
	nx, ny = int(math.Floor(x+0.5)), int(math.Floor(y+0.5))
	if nx < 1 || nx > gridMaxX || ny < 1 || ny > gridMaxY {
		return 0, 0, false
	}
	return nx, ny, true
}
