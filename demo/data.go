package demo

// The made-up neighbourhood data the demo draws from. Names, shops and
// chat lines are invented; coordinates are the rough centres of real
// neighbourhoods so that the weather card shows local weather.

// TestEmail, TestPassword and TestAddress are the demo account of SPEC §5.
const (
	TestEmail    = "test@test.com"
	TestPassword = "password123"
	TestAddress  = "서울특별시 강남구 역삼동"

	// The dashboard account of a demo installation (http://127.0.0.1:8090/_/).
	AdminEmail    = "admin@test.com"
	AdminPassword = "password123"
)

type neighbourhood struct {
	address  string
	lat, lon float64
	spots    []string // pickup spots
	people   []string // display names of the residents
}

var neighbourhoods = []neighbourhood{
	{
		address: TestAddress, lat: 37.5006, lon: 127.0364,
		spots:  []string{"GS25 역삼점 앞", "역삼역 3번 출구", "역삼푸르지오 정문", "르네상스 사거리 CU 앞", "역삼1동 주민센터 앞"},
		people: []string{"배고픈판다", "치킨러버", "야식요정", "역삼동개발자", "떡볶이중독", "국밥한그릇", "혼밥탈출", "마라탕러", "피자는진리", "분식왕", "점심메이트", "새벽감성"},
	},
	{
		address: "서울특별시 마포구 서교동", lat: 37.5551, lon: 126.9195,
		spots:  []string{"홍대입구역 9번 출구", "서교동 CU 앞", "상상마당 앞"},
		people: []string{"홍대고양이", "인디밴드", "라멘탐험가", "카페투어", "버스킹하는날", "서교동주민"},
	},
	{
		address: "서울특별시 관악구 신림동", lat: 37.4842, lon: 126.9297,
		spots:  []string{"신림역 4번 출구", "고시촌 입구 GS25", "녹두거리 입구"},
		people: []string{"고시생김씨", "순대타운", "자취9년차", "신림동토박이", "라면박사", "공시생"},
	},
	{
		address: "경기도 성남시 분당구 정자동", lat: 37.3660, lon: 127.1085,
		spots:  []string{"정자역 2번 출구", "정자동 카페거리 입구", "느티마을 정문"},
		people: []string{"판교출근러", "정자동댁", "탄천산책", "분당맘", "코딩하는아빠", "야근요정"},
	},
	{
		address: "부산광역시 해운대구 우동", lat: 35.1631, lon: 129.1635,
		spots:  []string{"해운대역 5번 출구", "우동 센텀 CU 앞", "마린시티 입구"},
		people: []string{"해운대갈매기", "돼지국밥러", "밀면사랑", "광안리산책", "부산사나이", "센텀직장인"},
	},
}

// menu is what a group order of a category usually looks like.
type menu struct {
	titles      []string
	restaurants []string
	minOrder    int // KRW
	fee         int // KRW
}

var menus = map[string]menu{
	"jokbal_bossam": {[]string{"족발 대자 같이 드실 분", "보쌈 반반 나눠요", "야식으로 족발 어때요"}, []string{"왕족발", "삼대보쌈", "마늘족발 본점"}, 30000, 4000},
	"jjim_tang":     {[]string{"김치찜 같이 시켜요", "감자탕 대자 나눠요", "비 오는 날 부대찌개"}, []string{"엄마손김치찜", "24시 감자탕", "의정부부대찌개"}, 25000, 3500},
	"japanese":      {[]string{"돈까스 세트 같이", "모둠회 나눠 드실 분", "초밥 12피스 공동구매"}, []string{"바삭돈까스", "바다회센터", "스시하루"}, 20000, 3000},
	"pizza":         {[]string{"피자 라지 반반 나눠요", "피자 1+1 같이 시켜요", "금요일 피자 파티"}, []string{"피자마루", "화덕피자공방", "뉴욕피자"}, 18000, 3000},
	"meat":          {[]string{"삼겹살 배달 같이", "곱창 모둠 나눠요", "양꼬치 같이 드실 분"}, []string{"돈돈삼겹", "황소곱창", "라오양꼬치"}, 30000, 4000},
	"western":       {[]string{"파스타 두 개 이상 같이", "스테이크 덮밥 공동주문", "브런치 세트 나눠요"}, []string{"파스타부엌", "그릴하우스", "브런치데이"}, 20000, 3500},
	"chicken":       {[]string{"치킨 반반 같이 시켜요", "치맥 하실 분", "순살 두 마리 나눠요"}, []string{"바삭치킨", "황금올리브집", "양념통닭 본점"}, 20000, 3000},
	"chinese":       {[]string{"짜장 짬뽕 탕수육 세트", "마라탕 최소주문 채워요", "탕수육 大 나눠요"}, []string{"홍콩반점", "마라공방", "만리장성"}, 16000, 2000},
	"asian":         {[]string{"쌀국수 같이 시켜요", "팟타이 나눠 드실 분", "분짜 세트 공동주문"}, []string{"포하노이", "방콕키친", "사이공식당"}, 18000, 3000},
	"korean":        {[]string{"백반 정식 같이", "칼국수 두 그릇 이상", "전복죽 같이 시켜요"}, []string{"한솥밥상", "손칼국수집", "본죽앤"}, 15000, 2500},
	"dosirak":       {[]string{"점심 도시락 단체 주문", "다이어트 도시락 같이", "회사 앞 도시락 나눠요"}, []string{"한끼도시락", "샐러드박스", "든든도시락"}, 15000, 2000},
	"bunsik":        {[]string{"떡볶이 세트 같이 드실 분", "김밥 10줄 나눠요", "분식 한 상 공동주문"}, []string{"엽기떡볶이", "김밥천국", "신전분식"}, 14000, 2500},
	"cafe_dessert":  {[]string{"커피 최소주문 채워요", "케이크 같이 시키실 분", "빙수 나눠 먹어요"}, []string{"메가커피", "설빙", "디저트39"}, 12000, 2000},
	"fastfood":      {[]string{"버거 세트 같이", "맘스터치 최소주문 채워요", "감자튀김 라지 나눠요"}, []string{"맘스터치", "버거킹", "롯데리아"}, 15000, 2500},
}

// contents are post bodies; "" means none.
var contents = []string{
	"",
	"최소주문 금액이 애매해서 같이 시키실 분 구해요. 메뉴는 채팅방에서 정해요!",
	"배달비 나눠 내요. 도착하면 채팅방에 알려드릴게요.",
	"혼자 시키기엔 양이 많아서요. 각자 먹을 메뉴 채팅으로 알려주세요.",
	"주문은 제가 할게요. 송금은 도착 후에 해주시면 됩니다.",
	"처음 써봐요 ㅎㅎ 편하게 참여해 주세요.",
}

// chatter is what neighbours say in a room.
var chatter = []string{
	"안녕하세요! 저도 같이 시킬게요 🙌",
	"메뉴 뭐로 하실 거예요?",
	"저는 기본 메뉴면 충분해요",
	"몇 시쯤 주문할까요?",
	"7시 전에 주문하면 좋겠어요",
	"좋아요, 그때 맞춰서 내려갈게요",
	"송금은 카카오페이로 드리면 될까요?",
	"네 도착하면 채팅 남겨주세요",
	"혹시 음료도 추가 가능할까요?",
	"저 조금 늦을 수도 있어요 ㅠㅠ",
	"주문 완료했습니다! 40분 정도 걸린대요",
	"감사합니다 잘 먹을게요 😋",
	"다음에도 같이 시켜요",
	"수저는 빼달라고 할게요",
}

// dish is one line a neighbour puts on an order sheet.
type dish struct {
	name  string
	price int // KRW
}

// dishes are the lines of each category's sheets.
var dishes = map[string][]dish{
	"jokbal_bossam": {{"앞다리 족발 중", 32000}, {"보쌈 정식", 15000}, {"막국수", 8000}},
	"jjim_tang":     {{"묵은지 김치찜", 24000}, {"감자탕 소", 26000}, {"공기밥", 1000}},
	"japanese":      {{"로스카츠", 11000}, {"모둠초밥 12p", 16000}, {"우동", 7000}},
	"pizza":         {{"페퍼로니 L", 21900}, {"포테이토 M", 18900}, {"콜라 1.25L", 2500}},
	"meat":          {{"삼겹살 2인분", 26000}, {"곱창 모둠", 29000}, {"된장찌개", 4000}},
	"western":       {{"크림 파스타", 13500}, {"스테이크 덮밥", 14900}, {"시저 샐러드", 9000}},
	"chicken":       {{"후라이드 반마리", 10000}, {"양념 반마리", 11000}, {"허니콤보", 23000}},
	"chinese":       {{"짜장면", 7000}, {"짬뽕", 8500}, {"탕수육 소", 15000}},
	"asian":         {{"양지 쌀국수", 11000}, {"팟타이", 12000}, {"짜조", 6000}},
	"korean":        {{"제육 백반", 9000}, {"손칼국수", 8000}, {"전복죽", 13000}},
	"dosirak":       {{"불고기 도시락", 7900}, {"닭가슴살 도시락", 8500}, {"된장국", 1500}},
	"bunsik":        {{"떡볶이 1인분", 5000}, {"참치김밥", 4500}, {"모둠튀김", 6000}},
	"cafe_dessert":  {{"아메리카노", 3000}, {"딸기 케이크 조각", 6500}, {"인절미 빙수", 11000}},
	"fastfood":      {{"싸이버거 세트", 8900}, {"치즈스틱", 2500}, {"감자튀김 L", 3000}},
}

// notes are what people write beside a line.
var notes = []string{"", "", "", "덜 맵게", "소스 많이", "양파 빼주세요", "젓가락 2개"}

// payAccounts are where a demo host asks to be paid.
var payAccounts = []string{"카카오뱅크 3333-01-2345678", "토스뱅크 1000-1234-5678", "국민 123401-04-567890"}

// cancelReasons are why a demo host called a group off.
var cancelReasons = []string{"가게가 오늘 휴무래요", "인원이 안 모여서 취소해요", ""}
