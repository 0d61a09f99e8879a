package weather_test

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"mealbuddy/internal/weather"
)

// TestToGridVectors proves the conversion against every row of the KMA
// test vectors (testdata/kma/grid_vectors.csv).
func TestToGridVectors(t *testing.T) {
	f, err := os.Open("testdata/kma/grid_vectors.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 15 {
		t.Fatalf("want a header and 14 vectors, got %d rows", len(rows))
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, row := range rows[1:] {
		t.Run(row[0], func(t *testing.T) {
			p := weather.Point{Lat: num(row[1]), Lon: num(row[2])}
			nx, ny, ok := weather.ToGrid(p)
			if !ok || nx != int(num(row[3])) || ny != int(num(row[4])) {
				t.Errorf("ToGrid(%v) = (%d, %d, %v), want (%s, %s)", p, nx, ny, ok, row[3], row[4])
			}
		})
	}
}

// TestToGridRoundsHalfUp pins the row whose raw x is 98.53: truncation
// would give 98.
func TestToGridRoundsHalfUp(t *testing.T) {
	p := weather.Point{Lat: 35.117713888888886, Lon: 129.11129722222222}
	x, _ := weather.GridXY(p.Lat, p.Lon)
	if math.Abs(x-98.53) > 0.01 {
		t.Fatalf("raw x = %.3f, want about 98.53", x)
	}
	if nx, _, _ := weather.ToGrid(p); nx != 99 {
		t.Errorf("nx = %d, want 99", nx)
	}
}

func TestToGridOutside(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    weather.Point
	}{
		{"Tokyo", weather.Point{Lat: 35.6812, Lon: 139.7671}},
		{"Beijing", weather.Point{Lat: 39.9042, Lon: 116.4074}},
		{"null island", weather.Point{Lat: 0, Lon: 0}},
		{"north pole", weather.Point{Lat: 90, Lon: 126}},
		{"south pole", weather.Point{Lat: -90, Lon: 126}},
		{"New York", weather.Point{Lat: 40.7128, Lon: -74.006}},
		{"NaN", weather.Point{Lat: math.NaN(), Lon: 127}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if nx, ny, ok := weather.ToGrid(tc.p); ok {
				t.Errorf("ToGrid(%v) = (%d, %d, true), want outside", tc.p, nx, ny)
			}
		})
	}
}

func TestPointValid(t *testing.T) {
	for _, tc := range []struct {
		p    weather.Point
		want bool
	}{
		{weather.Point{Lat: 37.5, Lon: 127}, true},
		{weather.Point{Lat: -90, Lon: -180}, true},
		{weather.Point{Lat: 90, Lon: 180}, true},
		{weather.Point{Lat: 90.0001, Lon: 0}, false},
		{weather.Point{Lat: 0, Lon: -180.5}, false},
		{weather.Point{Lat: math.NaN(), Lon: 0}, false},
		{weather.Point{Lat: 0, Lon: math.Inf(1)}, false},
	} {
		if got := tc.p.Valid(); got != tc.want {
			t.Errorf("%v.Valid() = %v, want %v", tc.p, got, tc.want)
		}
	}
}
