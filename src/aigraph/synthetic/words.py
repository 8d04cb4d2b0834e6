"""The words synthetic articles are made of: Korean and English name parts, sentence
templates, the vocabulary's preferred terms, and the particles that follow a Korean word."""

from __future__ import annotations


def _pairs(text: str) -> list[tuple[str, str]]:
    """``"광주|Gwangju; 전남|Jeonnam"`` → ``[("광주", "Gwangju"), ("전남", "Jeonnam")]``."""
    return [(ko.strip(), en.strip()) for ko, en in
            (item.split("|") for item in text.split(";"))]


SURNAMES = _pairs("김|Kim; 이|Lee; 박|Park; 최|Choi; 정|Jung; 강|Kang; 조|Cho; 윤|Yoon; 장|Jang;"
                  "임|Lim; 한|Han; 오|Oh; 서|Seo; 신|Shin; 권|Kwon; 황|Hwang; 안|Ahn; 송|Song;"
                  "류|Ryu; 전|Jeon; 문|Moon; 양|Yang; 손|Son; 배|Bae; 백|Baek; 허|Heo; 노|Noh")
GIVEN = _pairs("민|min; 준|jun; 서|seo; 연|yeon; 지|ji; 우|woo; 현|hyun; 수|su; 영|young;"
               "진|jin; 호|ho; 성|sung; 경|kyung; 은|eun; 혜|hye; 재|jae; 동|dong; 윤|yoon;"
               "상|sang; 희|hee; 정|jung; 태|tae; 원|won; 석|seok; 훈|hoon; 철|cheol; 미|mi;"
               "선|sun; 아|ah; 하|ha; 도|do; 규|kyu; 기|ki; 형|hyung; 용|yong; 주|ju; 예|ye;"
               "빈|bin; 범|beom; 나|na")
REGIONS = _pairs("광주|Gwangju; 전남|Jeonnam; 나주|Naju; 목포|Mokpo; 순천|Suncheon; 여수|Yeosu;"
                 "서울|Seoul; 부산|Busan; 대구|Daegu; 대전|Daejeon; 울산|Ulsan; 세종|Sejong;"
                 "전북|Jeonbuk; 한국|Korea")
FIELDS = _pairs("인공지능|Artificial Intelligence; 데이터|Data; 반도체|Semiconductor;"
                "에너지|Energy; 헬스케어|Healthcare; 모빌리티|Mobility; 로봇|Robotics;"
                "문화콘텐츠|Cultural Content; 소프트웨어|Software; 정보통신|ICT;"
                "자동차|Automotive; 광산업|Photonics; 스마트시티|Smart City; 바이오|Bio;"
                "디지털|Digital; 클라우드|Cloud; 정보보호|Information Security; 드론|Drone")
BODIES = _pairs("진흥원|Promotion Agency; 연구원|Research Institute; 지원센터|Support Center;"
                "협회|Association; 재단|Foundation; 사업단|Project Agency; 협의회|Council;"
                "기술원|Institute of Technology; 테크노파크|Technopark; 학회|Society")
BRANDS = _pairs("누리|Nuri; 한빛|Hanbit; 다온|Daon; 새롬|Saerom; 솔|Sol; 아라|Ara; 미르|Mir;"
                "하람|Haram; 가온|Gaon; 라온|Raon; 이음|Ieum; 보람|Boram; 나래|Narae; 빛|Bit;"
                "온|On; 별|Byeol; 다인|Dain; 세움|Seum; 모아|Moa; 초록|Chorok; 푸른|Pureun;"
                "큰|Keun; 바른|Bareun; 씨앗|Ssiat")
COMPANY = _pairs("테크|Tech; 랩스|Labs; 소프트|Soft; 시스템즈|Systems; 에이아이|AI; 데이터|Data;"
                 "로보틱스|Robotics; 바이오|Bio; 모빌리티|Mobility; 네트웍스|Networks")
SCHOOLS = _pairs("대학교|University; 과학기술원|Institute of Science and Technology;"
                 "폴리텍대학|Polytechnic College")
PLACES = _pairs("산업단지|Industrial Complex; 혁신도시|Innovation City;"
                "첨단지구|High-tech District; 테크노밸리|Techno Valley;"
                "도심융합특구|Urban Convergence Zone")
FACILITIES = _pairs("데이터센터|Data Center; 창업지원센터|Start-up Center; 실증센터|Testbed Center;"
                    "캠퍼스|Campus; 컨벤션센터|Convention Center; 집적단지|Cluster Complex;"
                    "연구동|Research Building")
MEDIA = _pairs("일보|Ilbo; 신문|Shinmun; 뉴스|News; 경제|Economy Daily")
#: How a facility's stage is written, with the stage it names (``aig:status``).
STATUSES = (("운영 중", "in-operation"), ("착공", "under-construction"), ("준공", "in-operation"),
            ("설계 중", "planned"), ("입주 완료", "in-operation"),
            ("시범 운영 중", "in-operation"), ("부지 조성 중", "under-construction"))
EVENT_ROLES = {"attendee": 13, "presenter": 11, "debater": 5, "visitor": 4,
               "keynote-speaker": 3, "speaker": 3, "opening-speaker": 2, "moderator": 2,
               "congratulatory-speaker": 2, "special-lecturer": 1, "chair": 1,
               "encouragement-speaker": 1}
MAIN_EVENTS = ("conference", "forum", "debate", "ceremony", "launch-ceremony",
               "signing-ceremony", "visit")
SUB_EVENTS = ("opening-ceremony", "keynote", "lecture", "presentation", "forum")
#: metric key → (unit, smallest, largest, how the text writes a value of n)
METRICS: dict[str, tuple[str, int, int, str]] = {
    "project-cost": ("KRW", 10, 9000, "{n}억원"), "ai-startups": ("개", 10, 1000, "{n}개"),
    "jobs-created": ("명", 50, 20000, "{n}명"), "ai-talent": ("명", 100, 5000, "{n}명"),
    "site-area": ("㎡", 1000, 900000, "{n}㎡"), "attendance": ("명", 30, 3000, "{n}명"),
    "count": ("개", 2, 200, "{n}개"), "headcount": ("명", 5, 900, "{n}명"),
    "world-rank": ("위", 1, 50, "{n}위"), "frequency-per-year": ("회", 1, 12, "연 {n}회"),
    "duration-days": ("일", 1, 30, "{n}일간"), "edition": ("회", 1, 30, "제{n}회")}
GOAL_METRICS = ("ai-startups", "jobs-created", "ai-talent", "count")
STAT_METRICS = ("attendance", "headcount", "world-rank", "count", "edition", "site-area",
                "duration-days", "frequency-per-year")
ROLES_BY_ORG = {
    "public": ("agency-head", "division-head", "director", "institute-director",
               "division-director", "policy-officer", "committee-member", "employee"),
    "company": ("ceo", "representative", "vice-president", "company-president", "director",
                "employee", "master-inventor"),
    "school": ("professor", "dean", "university-president", "special-professor"),
    "media": ("reporter",)}
QUOTES = ("{f} 산업의 경쟁력을 높이는 데 힘을 모으겠다", "{rg} {f} 중심도시로 도약할 기회",
          "{f} 생태계 조성에 속도를 내야 한다", "기업과 시민이 체감하는 {f} 정책을 펼치겠다",
          "{f} 인재 양성과 기업 유치가 무엇보다 중요하다")
FILLER = ("{r}의 {f} 산업 생태계가 기업 유치와 인재 양성에 힘입어 빠르게 커지고 있다.",
          "업계에서는 내년에도 {f} 분야 투자가 더 늘어날 것으로 내다봤다.",
          "{rn} 올해 {f} 관련 예산을 늘리고 지원 사업의 대상도 넓힐 계획이다.",
          "참석자들은 {f} 기술의 현주소와 앞으로 풀어야 할 과제를 두고 의견을 나눴다.",
          "지역 기업들은 {f} 실증 환경과 전문 인력이 부족하다는 점을 어려움으로 꼽았다.",
          "전문가들은 {rg} {f} 분야에서 앞서가려면 인재 확보가 관건이라고 입을 모았다.",
          "이번 행사는 {f} 산업의 흐름과 최신 기술을 한눈에 볼 수 있는 자리로 마련됐다.",
          "{r} 지역 대학과 연구기관도 {f} 공동 연구와 기술 이전에 참여하고 있다.",
          "정부와 지자체는 {f} 기업의 해외 진출을 돕는 방안도 함께 검토하고 있다.",
          "{f} 분야 창업 기업들은 데이터 활용과 투자 유치에서 성과를 내고 있다.")


def _batchim(word: str) -> bool:
    """Whether the word ends in a consonant, which picks the particle (이/가, 은/는 …)."""
    last = word.rstrip(")'\" ")[-1:] or "가"
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return last.isdigit() and last in "013678" or last in "LMNRlmnr"


def particle(word: str, pair: str) -> str:
    """The particle of a pair that fits the word: ``particle("광주시", "이가")`` → ``가``.

    A one-letter ``pair`` is added after a consonant only (``"으"`` before ``로``).
    """
    return pair[0] if _batchim(word) else pair[1:]


def josa(word: str, pair: str) -> str:
    """The word with its particle: ``josa("광주시", "이가")`` → ``광주시가``."""
    return word + particle(word, pair)
