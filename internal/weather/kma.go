package weather

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBody caps what we read from a provider: the answers are a few kB,
// and a misbehaving upstream must not fill our memory.
const maxBody = 1 << 20

// kmaPublishDelay is how long after the hour KMA publishes that hour's
// observations (초단기실황, base_time HH00). The guide says HH:40; a request
// that is early anyway gets result code 03 and we step back one hour.
const kmaPublishDelay = 40 * time.Minute

// KMA reads 기상청 ultra-short-term observations (getUltraSrtNcst of
// VilageFcstInfoService_2.0) for the grid cell of a point.
type KMA struct {
	BaseURL    string       // up to and including VilageFcstInfoService_2.0
	ServiceKey string       // data.go.kr key, "Decoding" or "Encoding" form
	Client     *http.Client // the deadline comes with ctx (Cache.Budget)
	Now        func() time.Time
}

// latestBaseTime is the newest base time (HH00, Asia/Seoul) whose
// observations should be published at now.
func latestBaseTime(now time.Time) time.Time {
	t := now.In(Seoul).Add(-kmaPublishDelay)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, Seoul)
}

// Current implements Provider. When the newest base time has no data yet
// (result code 03) it asks once more for the hour before.
func (k *KMA) Current(ctx context.Context, p Point) (Report, error) {
	nx, ny, ok := toGrid(p)
	if !ok {
		return Report{}, unavailable(SourceKMA, ErrOutsideGrid, "lat %v lon %v", p.Lat, p.Lon)
	}
	now := time.Now
	if k.Now != nil {
		now = k.Now
	}
	base := latestBaseTime(now())
	r, err := k.fetch(ctx, base, nx, ny)
	if errors.Is(err, ErrNoData) {
		r, err = k.fetch(ctx, base.Add(-time.Hour), nx, ny)
	}
	if err != nil {
		return Report{}, err
	}
	return finish(r, p), nil
}

// kmaEnvelope is the JSON answer of every VilageFcstInfoService operation.
// On an error the header comes without a body.
type kmaEnvelope struct {
	Response struct {
		Header struct {
			ResultCode string `json:"resultCode"`
			ResultMsg  string `json:"resultMsg"`
		} `json:"header"`
		Body *struct {
			Items struct {
				Item []kmaItem `json:"item"`
			} `json:"items"`
		} `json:"body"`
	} `json:"response"`
}

type kmaItem struct {
	BaseDate  string `json:"baseDate"`
	BaseTime  string `json:"baseTime"`
	Category  string `json:"category"`
	ObsrValue string `json:"obsrValue"`
}

func (k *KMA) fetch(ctx context.Context, base time.Time, nx, ny int) (Report, error) {
	q := url.Values{}
	q.Set("serviceKey", serviceKey(k.ServiceKey))
	q.Set("pageNo", "1")
	q.Set("numOfRows", "10")
	q.Set("dataType", "JSON")
	q.Set("base_date", base.Format("20060102"))
	q.Set("base_time", base.Format("1504"))
	q.Set("nx", strconv.Itoa(nx))
	q.Set("ny", strconv.Itoa(ny))
	u := strings.TrimRight(k.BaseURL, "/") + "/getUltraSrtNcst?" + q.Encode()

	body, status, ctype, err := get(ctx, k.Client, u)
	if err != nil {
		return Report{}, unavailable(SourceKMA, err, "request failed")
	}

	// The data.go.kr gateway answers key, quota and IP errors in XML even
	// when JSON was asked for, with 200 or 4xx; look before decoding.
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<")) || strings.Contains(ctype, "xml") {
		return Report{}, kmaXMLError(trimmed, status)
	}
	if status != http.StatusOK {
		return Report{}, unavailable(SourceKMA, nil, "HTTP %d", status)
	}

	var env kmaEnvelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return Report{}, unavailable(SourceKMA, err, "undecodable answer")
	}
	h := env.Response.Header
	switch {
	case h.ResultCode == "03": // match the code: the message varies (NO_DATA, NODATA_ERROR)
		return Report{}, unavailable(SourceKMA, ErrNoData, "result %s %s", h.ResultCode, h.ResultMsg)
	case h.ResultCode == "22":
		return Report{}, unavailable(SourceKMA, ErrQuota, "result %s %s", h.ResultCode, h.ResultMsg)
	case h.ResultCode == "30" || h.ResultCode == "31" || h.ResultCode == "32":
		return Report{}, unavailable(SourceKMA, ErrKey, "result %s %s", h.ResultCode, h.ResultMsg)
	case h.ResultCode != "00":
		return Report{}, unavailable(SourceKMA, nil, "result %q %s", h.ResultCode, h.ResultMsg)
	case env.Response.Body == nil || len(env.Response.Body.Items.Item) == 0:
		return Report{}, unavailable(SourceKMA, ErrNoData, "empty body")
	}
	return parseKMAItems(env.Response.Body.Items.Item)
}

// parseKMAItems turns the per-category observations into a report.
// Temperature, humidity and wind are required (the response shape has no
// null for them); a missing one makes the observation unusable so that
// Auto can ask Open-Meteo instead.
func parseKMAItems(items []kmaItem) (Report, error) {
	vals := map[string]float64{}
	var stamp string
	for _, it := range items {
		stamp = it.BaseDate + it.BaseTime
		if v, ok := kmaValue(it.Category, it.ObsrValue); ok {
			vals[it.Category] = v
		}
	}
	r := Report{Source: SourceKMA, Sky: SkyUnknown, Precipitation: PrecipNone}
	var ok bool
	for _, f := range []struct {
		cat string
		dst *float64
	}{{"T1H", &r.Temperature}, {"REH", &r.Humidity}, {"WSD", &r.WindSpeed}} {
		if *f.dst, ok = vals[f.cat]; !ok {
			return Report{}, unavailable(SourceKMA, ErrIncomplete, "%s missing", f.cat)
		}
	}
	observed, err := time.ParseInLocation("200601021504", stamp, Seoul)
	if err != nil {
		return Report{}, unavailable(SourceKMA, ErrIncomplete, "bad base time %q", stamp)
	}
	r.ObservedAt = observed.Format(time.RFC3339)

	if mm, ok := vals["RN1"]; ok {
		r.PrecipitationMm = &mm
	}
	if pty, ok := vals["PTY"]; ok {
		r.Precipitation = ptyPrecipitation(int(pty))
	} else if r.PrecipitationMm != nil && *r.PrecipitationMm > 0 {
		r.Precipitation = PrecipRain
	}
	// 실황 has no SKY; falling rain or snow at least tells us it is overcast.
	if r.Precipitation != PrecipNone {
		r.Sky = SkyOvercast
	}
	return r, nil
}

// kmaValue parses one observation value. Values of ±900 and beyond are
// KMA's "missing" sentinels (e.g. -998.9).
func kmaValue(category, raw string) (float64, bool) {
	var v float64
	var err error
	switch category {
	case "RN1", "PCP":
		v, err = parseAmount(raw)
	default:
		v, err = strconv.ParseFloat(strings.TrimSpace(raw), 64)
	}
	if err != nil || v >= 900 || v <= -900 {
		return 0, false
	}
	return v, true
}

// parseAmount reads a precipitation amount in mm. 실황 sends plain numbers;
// forecasts send text ("강수없음", "1.0mm 미만", "2.0mm", "30.0~50.0mm",
// "50.0mm 이상"), and we accept those too. "Less than N" counts as half of
// N, a range as its lower bound, "N or more" as N.
func parseAmount(raw string) (float64, error) {
	s := strings.ReplaceAll(strings.TrimSpace(raw), " ", "")
	if s == "강수없음" || s == "-" || s == "" {
		return 0, nil
	}
	less := strings.HasSuffix(s, "미만")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "미만"), "이상")
	if i := strings.Index(s, "~"); i >= 0 {
		s = s[:i]
	}
	n, err := strconv.ParseFloat(strings.TrimSuffix(s, "mm"), 64)
	if less {
		n /= 2
	}
	return n, err
}

// ptyPrecipitation maps KMA's 강수형태 code. 0–4 are the 단기예보 codes;
// 5–7 (빗방울, 빗방울눈날림, 눈날림) appear in the ultra-short-term services.
func ptyPrecipitation(code int) string {
	switch code {
	case 1:
		return PrecipRain
	case 2, 6:
		return PrecipRainSnow
	case 3, 7:
		return PrecipSnow
	case 4:
		return PrecipShower
	case 5:
		return PrecipDrizzle
	default:
		return PrecipNone
	}
}

// kmaGatewayError is the XML the data.go.kr gateway sends, and
// kmaXMLResponse the XML form of KMA's own envelope.
type kmaGatewayError struct {
	XMLName xml.Name `xml:"OpenAPI_ServiceResponse"`
	Header  struct {
		ErrMsg     string `xml:"errMsg"`
		AuthMsg    string `xml:"returnAuthMsg"`
		ReasonCode string `xml:"returnReasonCode"`
	} `xml:"cmmMsgHeader"`
}

func kmaXMLError(body []byte, status int) error {
	var g kmaGatewayError
	if err := xml.Unmarshal(body, &g); err != nil {
		return unavailable(SourceKMA, err, "HTTP %d with an unreadable XML body", status)
	}
	h := g.Header
	detail := fmt.Sprintf("HTTP %d gateway error %s %s", status, h.ReasonCode, h.AuthMsg)
	switch h.ReasonCode {
	case "22": // LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR
		return unavailable(SourceKMA, ErrQuota, "%s", detail)
	case "20", "30", "31", "32": // access denied, key not registered, key expired, IP not registered
		return unavailable(SourceKMA, ErrKey, "%s", detail)
	}
	return unavailable(SourceKMA, nil, "%s", detail)
}

// serviceKey returns the decoded key. data.go.kr hands out the same key
// URL-encoded ("Encoding") and plain ("Decoding"); operators paste either,
// and encoding the encoded one again would make the gateway reject it.
func serviceKey(key string) string {
	if strings.Contains(key, "%") {
		if dec, err := url.QueryUnescape(key); err == nil {
			return dec
		}
	}
	return key
}

// get performs a GET and reads at most maxBody bytes of the answer.
func get(ctx context.Context, c *http.Client, u string) (body []byte, status int, ctype string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, "", err
	}
	req.Header.Set("Accept", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return nil, 0, "", err
	}
	defer res.Body.Close()
	body, err = io.ReadAll(io.LimitReader(res.Body, maxBody))
	if err != nil {
		return nil, res.StatusCode, "", err
	}
	return body, res.StatusCode, res.Header.Get("Content-Type"), nil
}
