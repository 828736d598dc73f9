"""The demo election programme: the central office's 2021 programme «Путь перемен: достойную
жизнь каждому!» with its sections and promises in Kazakh, Russian and English; the national
road map and Almaty's, Atyrau's and Kostanay's regional ones, their measures (responsible
state body, deadline, weight, territory, responsible people) and target indicators of every
direction and way of adding regions up; the members monitoring them (215 in Kostanay, as
the seeds report); their quarterly observations over 2021–2022, shaped so that every pace
band occurs; changes of status and verdict proposed by monitors with evidence and approved
by a second person (a few still pending, one returned, one correction), so that every
verdict and every status occurs; and Almaty's 1,600-odd citizens' proposals of 2020–2021,
79% of them included.

Everything goes through the programme's actions, as the pages and the importer do, from
fixed data and seeded generators. The actions stamp the time they run: the proposals'
decision dates are put back in the years they tell of, as the appeals' are; the history of
changes is append-only and keeps the day the demo was loaded. A database that has the
programme already is left alone: running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from esep.access.models import User
from esep.appeals.models import Category, StateBody
from esep.demo.context import DETAILED_REGIONS, Demo
from esep.org.models import Branch, Membership, Person, Territory
from esep.programme.models import (
    Aggregation,
    BrokenReason,
    Change,
    Direction,
    Evidence,
    Indicator,
    Measure,
    Observation,
    Programme,
    Promise,
    Proposal,
    RoadMap,
    Section,
    Status,
    Verdict,
)
from esep.programme.plans import actions as plans
from esep.programme.progress import elapsed_share
from esep.programme.proposals import actions as proposals
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus

CODE = "path-of-change-2021"
COUNTRY = "000000000"
REGION_KATO = {code: kato for kato, code in DETAILED_REGIONS.items()}
BASELINE_ON = dt.date(2020, 12, 31)

# The monitors: how many members of each branch subtree follow its road map; the
# monitor logins (made by esep.demo.access) are among them.
KOSTANAY_MONITORS = 215
MONITOR_LOGINS = {
    "almaty": "almaty.monitor",
    "atyrau": "atyrau.monitor",
    "kostanay": "kostanay.monitor",
}
OTHER_MONITORS = {"almaty": 6, "atyrau": 4, "central": 3}

# ---------------------------------------------------------------- the programme

SECTIONS = [
    (1, "Дені сау ұлт", "Здоровая нация", "A healthy nation"),
    (2, "Сапалы білім", "Качественное образование", "Quality education"),
    (3, "Лайықты жұмыс және табыс", "Достойная работа и доходы", "Decent work and incomes"),
    (4, "Жайлы өмір сүру ортасы", "Комфортная среда для жизни", "A comfortable place to live"),
    (
        5,
        "Халыққа қызмет ететін мемлекет және таза орта",
        "Государство для людей и чистая среда",
        "A state that serves people, and a clean environment",
    ),
]

# (code, topics, Kazakh, Russian, English)
PROMISES = [
    (
        "1.1",
        ["healthcare"],
        "2025 жылға қарай әр ауылда медициналық көмек қолжетімді болады: медициналық және "
        "фельдшерлік-акушерлік пункттер саламыз.",
        "К 2025 году медицинская помощь станет доступной в каждом селе: построим медицинские и "
        "фельдшерско-акушерские пункты.",
        "By 2025 medical care will be within reach in every village: we will build medical and "
        "feldsher-midwife posts.",
    ),
    (
        "1.2",
        ["healthcare"],
        "Дәрігерге жазылу кезегін және жедел жәрдемді күту уақытын қысқартамыз.",
        "Сократим очереди к врачам и время ожидания скорой помощи.",
        "We will cut the queues to see a doctor and the wait for an ambulance.",
    ),
    (
        "2.1",
        ["education"],
        "Үш ауысымды мектептерді жойып, оқушы орындарының тапшылығын жабамыз.",
        "Ликвидируем трёхсменные школы и дефицит ученических мест.",
        "We will end three-shift schooling and the shortage of school places.",
    ),
    (
        "2.2",
        ["education"],
        "3 жастан 6 жасқа дейінгі әр бала балабақшадан орын алады.",
        "Каждый ребёнок от 3 до 6 лет получит место в детском саду.",
        "Every child aged 3 to 6 will have a kindergarten place.",
    ),
    (
        "3.1",
        ["employment", "business"],
        "Жаңа тұрақты жұмыс орындарын ашып, жастар жұмыссыздығын азайтамыз.",
        "Создадим новые постоянные рабочие места и снизим безработицу среди молодёжи.",
        "We will create new permanent jobs and bring youth unemployment down.",
    ),
    (
        "3.2",
        ["social-support", "utilities-heating"],
        "Отбасылардың табысын қорғаймыз: атаулы көмек тез тағайындалады, коммуналдық тарифтер "
        "негізсіз өспейді.",
        "Защитим доходы семей: адресная помощь будет назначаться быстро, коммунальные тарифы не "
        "будут расти без оснований.",
        "We will protect family incomes: targeted assistance will be granted quickly, and utility "
        "tariffs will not rise without cause.",
    ),
    (
        "4.1",
        ["utilities-water", "utilities-gas"],
        "2025 жылға қарай барлық елді мекендер таза ауыз сумен қамтылады, газдандыру кеңейеді.",
        "К 2025 году все населённые пункты будут обеспечены чистой питьевой водой, газификация "
        "расширится.",
        "By 2025 every settlement will have clean drinking water, and gas supply will reach "
        "further.",
    ),
    (
        "4.2",
        ["housing"],
        "Кезекте тұрған отбасылар мен апатты үйлердің тұрғындары қолжетімді баспанаға ие болады.",
        "Семьи-очередники и жители аварийных домов получат доступное жильё.",
        "Families on the housing waiting list and residents of unsafe buildings will get "
        "affordable homes.",
    ),
    (
        "4.3",
        ["roads"],
        "Жергілікті жолдардың 90 пайызы жақсы және қанағаттанарлық жағдайға келтіріледі.",
        "90 процентов дорог местного значения будут приведены в хорошее и удовлетворительное "
        "состояние.",
        "Ninety per cent of local roads will be brought into good or fair condition.",
    ),
    (
        "5.1",
        ["public-services"],
        "Мемлекеттік қызметтер онлайн және үйге жақын жерде көрсетіледі.",
        "Государственные услуги станут доступны онлайн и рядом с домом.",
        "Public services will be available online and close to home.",
    ),
    (
        "5.2",
        ["ecology"],
        "Ірі қалалардың ауасын тазартамыз: жылу электр орталықтары мен қоғамдық көлік газға "
        "көшіріледі.",
        "Очистим воздух крупных городов: ТЭЦ и общественный транспорт переведём на газ.",
        "We will clean the air of the big cities by switching power plants and public "
        "transport to gas.",
    ),
]

# ---------------------------------------------------------------- measures and indicators


@dataclass(frozen=True)
class Kind:
    """A kind of measure and its indicator; titles take the place's name in each language."""

    title: tuple[str, str, str]
    indicator: tuple[str, str, str]
    unit: str
    direction: str
    baseline: str
    target: str
    aggregation: str
    body: str  # the state body's code after the region's: akimat, health, housing
    promise: str
    places: int = 1  # decimals of the observed values
    band: tuple[str, str] | None = None
    cumulative: bool = False  # a running total: never goes down from one quarter to the next


KINDS: dict[str, Kind] = {
    "water": Kind(
        (
            "{}: ауылдық елді мекендерді орталықтандырылған сумен жабдықтау",
            "{}: централизованное водоснабжение сельских населённых пунктов",
            "{}: central water supply for rural settlements",
        ),
        (
            "Орталықтандырылған сумен жабдықталған тұрғындар үлесі",
            "Доля населения с доступом к централизованному водоснабжению",
            "Share of residents with central water supply",
        ),
        "%",
        Direction.INCREASE,
        "78",
        "100",
        Aggregation.WEIGHTED,
        "housing",
        "4.1",
    ),
    "sewer": Kind(
        (
            "{}: жеке тұрғын үй секторында кәріз желілерін салу",
            "{}: строительство канализационных сетей в частном секторе",
            "{}: sewerage networks for private housing",
        ),
        ("Салынған кәріз желілері", "Построено канализационных сетей", "Sewerage networks built"),
        "км",
        Direction.INCREASE,
        "0",
        "40",
        Aggregation.SUM,
        "housing",
        "4.1",
        cumulative=True,
    ),
    "gas": Kind(
        (
            "{}: елді мекендерді газдандыру",
            "{}: газификация населённых пунктов",
            "{}: gas supply to settlements",
        ),
        (
            "Табиғи газбен қамтылған тұрғындар үлесі",
            "Доля населения, обеспеченного природным газом",
            "Share of residents supplied with natural gas",
        ),
        "%",
        Direction.INCREASE,
        "52",
        "75",
        Aggregation.WEIGHTED,
        "housing",
        "4.1",
    ),
    "school": Kind(
        (
            "{}: 600 орындық жаңа мектеп салу",
            "{}: строительство новой школы на 600 мест",
            "{}: a new 600-place school",
        ),
        ("Пайдалануға берілген оқушы орындары", "Введено ученических мест", "School places opened"),
        "орын / мест",
        Direction.INCREASE,
        "0",
        "600",
        Aggregation.SUM,
        "akimat",
        "2.1",
        places=0,
        cumulative=True,
    ),
    "shifts": Kind(
        (
            "{}: үш ауысымды мектептерді жою",
            "{}: ликвидация трёхсменных школ",
            "{}: ending three-shift schooling",
        ),
        (
            "Үш ауысыммен оқитын мектептер",
            "Школы, работающие в три смены",
            "Schools working in three shifts",
        ),
        "мектеп / школ",
        Direction.DECREASE,
        "6",
        "0",
        Aggregation.SUM,
        "akimat",
        "2.1",
        places=0,
    ),
    "class_size": Kind(
        (
            "{}: сыныптардың толымдылығын нормаға келтіру",
            "{}: приведение наполняемости классов к норме",
            "{}: bringing class sizes within the norm",
        ),
        (
            "Сыныптағы оқушылардың орташа саны",
            "Средняя наполняемость класса",
            "Average number of pupils in a class",
        ),
        "оқушы / учеников",
        Direction.BAND,
        "31",
        "25",
        Aggregation.MEAN,
        "akimat",
        "2.1",
        band=("20", "25"),
    ),
    "meals": Kind(
        (
            "{}: бастауыш сынып оқушыларын тегін ыстық тамақпен қамтуды сақтау",
            "{}: сохранение бесплатного горячего питания учащихся начальных классов",
            "{}: keeping free hot meals for primary pupils",
        ),
        (
            "Бастауыш сыныптарда тегін ыстық тамақ беріледі",
            "Бесплатное горячее питание в начальных классах предоставляется",
            "Free hot meals are served in primary classes",
        ),
        "иә/жоқ",
        Direction.YES_NO,
        "1",
        "1",
        Aggregation.MEAN,
        "akimat",
        "2.1",
        places=0,
    ),
    "kindergarten": Kind(
        (
            "{}: мемлекеттік-жекешелік әріптестік арқылы балабақша орындарын ашу",
            "{}: открытие мест в детских садах через государственно-частное партнёрство",
            "{}: kindergarten places through public–private partnership",
        ),
        (
            "3–6 жастағы балаларды мектепке дейінгі тәрбиемен қамту",
            "Охват детей 3–6 лет дошкольным воспитанием",
            "Pre-school coverage of children aged 3–6",
        ),
        "%",
        Direction.INCREASE,
        "91",
        "100",
        Aggregation.RATIO,
        "akimat",
        "2.2",
    ),
    "clinic": Kind(
        (
            "{}: медициналық және фельдшерлік-акушерлік пункттер салу",
            "{}: строительство медицинских и фельдшерско-акушерских пунктов",
            "{}: building medical and feldsher-midwife posts",
        ),
        (
            "Пайдалануға берілген медициналық пункттер",
            "Введено медицинских пунктов",
            "Medical posts opened",
        ),
        "нысан / объектов",
        Direction.INCREASE,
        "0",
        "12",
        Aggregation.SUM,
        "health",
        "1.1",
        places=0,
        cumulative=True,
    ),
    "waiting": Kind(
        (
            "{}: тар бейінді мамандарға жазылу кезегін қысқарту",
            "{}: сокращение очереди на приём к узким специалистам",
            "{}: shorter waits to see a specialist",
        ),
        (
            "Тар бейінді маманға жазылуды күтудің орташа уақыты",
            "Среднее время ожидания приёма узкого специалиста",
            "Average wait for a specialist appointment",
        ),
        "күн / дней",
        Direction.DECREASE,
        "14",
        "5",
        Aggregation.MEAN,
        "health",
        "1.2",
    ),
    "ambulance": Kind(
        (
            "{}: жедел жәрдемнің келу уақытын нормативке жеткізу",
            "{}: доведение времени доезда скорой помощи до норматива",
            "{}: ambulances arriving within the standard time",
        ),
        (
            "Жедел жәрдем 20 минут ішінде жеткен шақыртулар үлесі",
            "Доля вызовов скорой помощи с доездом до 20 минут",
            "Share of ambulance calls reached within 20 minutes",
        ),
        "%",
        Direction.INCREASE,
        "81",
        "95",
        Aggregation.RATIO,
        "health",
        "1.2",
    ),
    "roads": Kind(
        (
            "{}: жергілікті маңызы бар жолдарды жөндеу",
            "{}: ремонт автодорог местного значения",
            "{}: repairing local roads",
        ),
        (
            "Жақсы және қанағаттанарлық жағдайдағы жергілікті жолдар үлесі",
            "Доля автодорог местного значения в хорошем и удовлетворительном состоянии",
            "Share of local roads in good or fair condition",
        ),
        "%",
        Direction.INCREASE,
        "70",
        "90",
        Aggregation.WEIGHTED,
        "akimat",
        "4.3",
    ),
    "road_km": Kind(
        (
            "{}: ауылдық жолдарды орташа жөндеу",
            "{}: средний ремонт сельских дорог",
            "{}: medium repair of rural roads",
        ),
        ("Жөнделген жолдар", "Отремонтировано дорог", "Roads repaired"),
        "км",
        Direction.INCREASE,
        "0",
        "85",
        Aggregation.SUM,
        "akimat",
        "4.3",
        cumulative=True,
    ),
    "rental": Kind(
        (
            "{}: кезекте тұрғандарға жалға берілетін коммуналдық тұрғын үй беру",
            "{}: предоставление арендного коммунального жилья очередникам",
            "{}: rented municipal homes for families on the waiting list",
        ),
        (
            "Тұрғын үй алған кезектегі отбасылар",
            "Семьи-очередники, получившие жильё",
            "Waiting-list families housed",
        ),
        "отбасы / семей",
        Direction.INCREASE,
        "0",
        "1200",
        Aggregation.SUM,
        "housing",
        "4.2",
        places=0,
        cumulative=True,
    ),
    "unsafe": Kind(
        (
            "{}: апатты үйлердің тұрғындарын көшіру",
            "{}: переселение жителей аварийных домов",
            "{}: rehousing residents of unsafe buildings",
        ),
        (
            "Апатты үйлерде тұратын отбасылар",
            "Семьи, проживающие в аварийных домах",
            "Families living in unsafe buildings",
        ),
        "отбасы / семей",
        Direction.DECREASE,
        "380",
        "0",
        Aggregation.SUM,
        "housing",
        "4.2",
        places=0,
    ),
    "jobs": Kind(
        (
            "{}: «Еңбек» бағдарламасы арқылы тұрақты жұмыс орындарын құру",
            "{}: создание постоянных рабочих мест по программе «Еңбек»",
            "{}: permanent jobs through the Enbek programme",
        ),
        (
            "Құрылған тұрақты жұмыс орындары",
            "Создано постоянных рабочих мест",
            "Permanent jobs created",
        ),
        "орын / мест",
        Direction.INCREASE,
        "0",
        "4000",
        Aggregation.SUM,
        "akimat",
        "3.1",
        places=0,
        cumulative=True,
    ),
    "youth": Kind(
        (
            "{}: жастар жұмыссыздығын азайту",
            "{}: снижение молодёжной безработицы",
            "{}: lowering youth unemployment",
        ),
        (
            "Жастар жұмыссыздығының деңгейі",
            "Уровень молодёжной безработицы",
            "Youth unemployment rate",
        ),
        "%",
        Direction.DECREASE,
        "4.6",
        "3.5",
        Aggregation.RATIO,
        "akimat",
        "3.1",
        places=2,
    ),
    "aid": Kind(
        (
            "{}: атаулы әлеуметтік көмекті тағайындау мерзімін қысқарту",
            "{}: сокращение сроков назначения адресной социальной помощи",
            "{}: faster granting of targeted social assistance",
        ),
        (
            "Атаулы әлеуметтік көмекті тағайындаудың орташа мерзімі",
            "Средний срок назначения адресной социальной помощи",
            "Average time to grant targeted social assistance",
        ),
        "күн / дней",
        Direction.DECREASE,
        "22",
        "10",
        Aggregation.MEAN,
        "akimat",
        "3.2",
    ),
    "tariff": Kind(
        (
            "{}: коммуналдық тарифтердің өсуін шектеу",
            "{}: сдерживание роста коммунальных тарифов",
            "{}: holding back utility tariff rises",
        ),
        (
            "Жылу тарифінің жылдық өсуі",
            "Годовой рост тарифа на тепловую энергию",
            "Annual rise of the heating tariff",
        ),
        "%",
        Direction.BAND,
        "11",
        "5",
        Aggregation.MEAN,
        "housing",
        "3.2",
        band=("0", "5"),
    ),
    "con": Kind(
        (
            "{}: халыққа қызмет көрсету орталығының жаңа бөлімін ашу",
            "{}: открытие нового отдела ЦОН",
            "{}: opening a new public service centre",
        ),
        (
            "Халыққа қызмет көрсету орталығының бөлімі ашылды",
            "Отдел ЦОН открыт",
            "The public service centre is open",
        ),
        "иә/жоқ",
        Direction.YES_NO,
        "0",
        "1",
        Aggregation.MEAN,
        "akimat",
        "5.1",
        places=0,
    ),
    "eservices": Kind(
        (
            "{}: мемлекеттік қызметтерді электрондық форматқа көшіру",
            "{}: перевод государственных услуг в электронный формат",
            "{}: moving public services online",
        ),
        (
            "Электрондық түрде көрсетілген мемлекеттік қызметтер үлесі",
            "Доля государственных услуг, оказанных в электронном виде",
            "Share of public services delivered online",
        ),
        "%",
        Direction.INCREASE,
        "78",
        "92",
        Aggregation.RATIO,
        "akimat",
        "5.1",
    ),
    "air": Kind(
        (
            "{}: ЖЭО-2-ні газға көшіру және ауаның ластануын азайту",
            "{}: перевод ТЭЦ-2 на газ и снижение загрязнения воздуха",
            "{}: switching CHP-2 to gas and cutting air pollution",
        ),
        (
            "PM2,5 бөлшектерінің орташа жылдық шоғырлануы",
            "Среднегодовая концентрация PM2,5",
            "Average annual PM2.5 concentration",
        ),
        "мкг/м³",
        Direction.DECREASE,
        "42",
        "30",
        Aggregation.MEAN,
        "akimat",
        "5.2",
    ),
    "buses": Kind(
        (
            "{}: қоғамдық көлікті газ және электр автобустарымен жаңарту",
            "{}: обновление общественного транспорта газовыми и электрическими автобусами",
            "{}: renewing the bus fleet with gas and electric buses",
        ),
        (
            "Газ және электр автобустарының үлесі",
            "Доля газовых и электрических автобусов",
            "Share of gas and electric buses",
        ),
        "%",
        Direction.INCREASE,
        "55",
        "80",
        Aggregation.RATIO,
        "akimat",
        "5.2",
    ),
    "trees": Kind(
        (
            "{}: көгалдандыру, ағаш отырғызу",
            "{}: озеленение, высадка деревьев",
            "{}: planting trees",
        ),
        ("Отырғызылған ағаштар", "Высажено деревьев", "Trees planted"),
        "мың / тыс.",
        Direction.INCREASE,
        "0",
        "100",
        Aggregation.SUM,
        "akimat",
        "5.2",
        cumulative=True,
    ),
}

# How each indicator moves: the share of the progress due by each quarter it makes (its
# pace, by the formulas of esep.programme.progress); "none" is never measured.
PACE = {"on": 1.0, "acc": 0.78, "lim": 0.35, "det": -0.3}


@dataclass(frozen=True)
class Plan:
    """One measure of a road map: its kind, where (KATO; None: the road map's territory),
    deadline, weight, how its indicator moves, and what its monitors propose for it:
    kept, partial, broken:<reason>, na (not assessable), progress, stalled, none (nothing),
    pending:<verdict>, returned."""

    code: str
    kind: str
    kato: str | None
    deadline: dt.date
    weight: str | None
    pace: str
    outcome: str


D = dt.date
ROAD_MAPS: dict[str, list[Plan]] = {
    # The national road map: measures of the whole country observed in the three regions
    # (adding up by their aggregation), and the regions' own under the national programme.
    "central": [
        Plan("N01", "water", None, D(2022, 12, 31), "3", "acc", "partial"),
        Plan("N02", "kindergarten", None, D(2022, 12, 31), "2", "on", "kept"),
        Plan("N03", "roads", None, D(2024, 12, 31), "3", "lim", "stalled"),
        Plan("N04", "youth", None, D(2022, 12, 31), "2", "det", "broken:external_shock"),
        Plan("N05", "eservices", None, D(2021, 12, 31), "1", "on", "kept"),
        Plan("N06", "clinic", "230000000", D(2023, 12, 31), "2", "acc", "progress"),
        Plan("N07", "clinic", "390000000", D(2022, 12, 31), "2", "lim", "broken:not_prioritised"),
        Plan("N08", "waiting", "750000000", D(2022, 6, 30), "1", "on", "kept"),
        Plan("N09", "ambulance", "390000000", D(2022, 12, 31), "1", "acc", "partial"),
        Plan("N10", "unsafe", "230000000", D(2024, 12, 31), "2", "lim", "progress"),
        Plan("N11", "gas", "390000000", D(2023, 12, 31), "2", "on", "progress"),
        Plan("N12", "tariff", None, D(2022, 12, 31), "1", "det", "broken:other"),
        Plan("N13", "jobs", None, D(2022, 12, 31), "3", "on", "kept"),
        Plan("N14", "meals", None, D(2022, 12, 31), "1", "on", "kept"),
    ],
    "almaty": [
        Plan("A01", "school", "751210000", D(2022, 9, 1), "3", "on", "kept"),
        Plan("A02", "school", "751810000", D(2023, 9, 1), "3", "acc", "progress"),
        Plan("A03", "shifts", None, D(2024, 12, 31), "2", "lim", "stalled"),
        Plan("A04", "kindergarten", "751910000", D(2022, 12, 31), "2", "on", "kept"),
        Plan("A05", "sewer", "751210000", D(2023, 12, 31), "2", "lim", "progress"),
        Plan("A06", "water", "751810000", D(2022, 12, 31), "2", "on", "kept"),
        Plan("A07", "roads", None, D(2022, 12, 31), "2", "acc", "partial"),
        Plan("A08", "air", None, D(2024, 12, 31), "3", "det", "broken:reversed"),
        Plan("A09", "buses", None, D(2023, 12, 31), "2", "on", "progress"),
        Plan("A10", "trees", None, D(2022, 12, 31), "1", "on", "kept"),
        Plan("A11", "rental", "751310000", D(2022, 12, 31), "2", "lim", "progress"),
        Plan("A12", "unsafe", "751510000", D(2021, 12, 31), "2", "acc", "pending:partially_kept"),
        Plan("A13", "waiting", "751410000", D(2022, 6, 30), "1", "on", "kept"),
        Plan("A14", "con", "751710000", D(2021, 12, 31), "1", "on", "kept"),
        Plan("A15", "class_size", "751110000", D(2022, 12, 31), "1", "acc", "partial"),
    ],
    # Atyrau's road map gives its measures no weights: its progress is their plain mean.
    "atyrau": [
        Plan("T01", "water", "234600000", D(2022, 12, 31), None, "acc", "partial"),
        Plan("T02", "water", "234800000", D(2023, 12, 31), None, "lim", "stalled"),
        Plan("T03", "road_km", "233600000", D(2022, 12, 31), None, "on", "kept"),
        Plan("T04", "roads", None, D(2024, 12, 31), None, "acc", "progress"),
        Plan("T05", "clinic", "234000000", D(2022, 12, 31), None, "on", "pending:kept"),
        Plan("T06", "clinic", "235200000", D(2021, 12, 31), None, "lim", "broken:no_majority"),
        Plan("T07", "school", "231010000", D(2022, 9, 1), None, "on", "kept"),
        Plan("T08", "kindergarten", "231010000", D(2022, 12, 31), None, "on", "kept"),
        Plan("T09", "jobs", None, D(2022, 12, 31), None, "acc", "partial"),
        Plan("T10", "youth", None, D(2022, 12, 31), None, "det", "broken:external_shock"),
        Plan("T11", "aid", None, D(2021, 12, 31), None, "on", "kept"),
        Plan("T12", "con", "234200000", D(2022, 6, 30), None, "on", "kept"),
        Plan("T13", "meals", "235600000", D(2022, 12, 31), None, "det", "broken:reversed"),
    ],
    "kostanay": [
        Plan("K01", "water", "396200000", D(2022, 12, 31), "3", "on", "kept"),
        Plan("K02", "water", "395800000", D(2023, 12, 31), "3", "acc", "progress"),
        Plan("K03", "water", "393400000", D(2024, 12, 31), "2", "lim", "stalled"),
        Plan("K04", "gas", "395400000", D(2022, 12, 31), "2", "on", "kept"),
        Plan("K05", "gas", "394400000", D(2023, 12, 31), "2", "lim", "returned"),
        Plan("K06", "road_km", "393600000", D(2022, 12, 31), "2", "acc", "partial"),
        Plan("K07", "roads", None, D(2024, 12, 31), "3", "lim", "progress"),
        Plan("K08", "clinic", "393200000", D(2022, 12, 31), "2", "on", "pending:kept"),
        Plan("K09", "clinic", "396800000", D(2023, 12, 31), "2", "acc", "progress"),
        Plan("K10", "waiting", "391010000", D(2022, 12, 31), "1", "det", "broken:not_prioritised"),
        Plan("K11", "ambulance", "392410000", D(2022, 12, 31), "1", "on", "kept"),
        Plan("K12", "kindergarten", "391010000", D(2021, 12, 31), "2", "on", "kept"),
        Plan("K13", "school", "391010000", D(2023, 9, 1), "3", "on", "progress"),
        Plan("K14", "class_size", "392410000", D(2022, 12, 31), "1", "on", "kept"),
        Plan("K15", "aid", None, D(2022, 12, 31), "1", "lim", "partial"),
        Plan("K16", "tariff", None, D(2022, 12, 31), "1", "det", "broken:other"),
        Plan("K17", "eservices", None, D(2022, 12, 31), "1", "none", "na"),
        Plan("K18", "jobs", "392010000", D(2022, 12, 31), "1", "none", "none"),
    ],
}

ROAD_MAP_TITLES = {
    "central": (
        "«Өзгерістер жолы: әр азаматқа – лайықты өмір!» бағдарламасын іске асырудың "
        "жалпыұлттық жол картасы",
        "Общенациональная дорожная карта реализации программы «Путь перемен: достойную жизнь "
        "каждому!»",
        "National road map of the programme “The Path of Change: a Decent Life for Everyone!”",
    ),
    "region": (
        "{}: сайлауалды бағдарламаны іске асырудың 2021–2024 жылдарға арналған жол картасы",
        "{}: дорожная карта реализации предвыборной программы на 2021–2024 годы",
        "{}: road map of the election programme, 2021–2024",
    ),
}
APPROVED_ON = {
    "central": D(2021, 2, 15),
    "almaty": D(2021, 3, 10),
    "atyrau": D(2021, 3, 18),
    "kostanay": D(2021, 3, 5),
}
# Which promises each road map serves.
SERVES = {
    "central": [code for code, *_rest in PROMISES],
    "almaty": ["1.2", "2.1", "2.2", "4.1", "4.2", "4.3", "5.1", "5.2"],
    "atyrau": ["1.1", "2.1", "2.2", "3.1", "3.2", "4.1", "4.3", "5.1"],
    "kostanay": ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.3", "5.1"],
}

# The regions a national measure of the whole country is observed in, with the weight each
# carries (thousands of residents): a weighted mean's weight, a ratio's denominator.
NATIONAL_REGIONS = [("750000000", 1980), ("230000000", 660), ("390000000", 860)]
SUM_SHARES = [Decimal("0.5"), Decimal("0.2"), Decimal("0.3")]

QUARTERS = [
    (D(year, month, 1), D(year, month + 2, 30 if month + 2 in (6, 9) else 31))
    for year in (2021, 2022)
    for month in (1, 4, 7, 10)
]
# Small ups and downs between quarters of what is not a running total (the last is exact).
WIGGLE = [0.06, -0.04, 0.05, -0.02, 0.03, -0.03, 0.02, 0.0]

# Where the values come from, by the state body answering for the measure.
SOURCES = {
    "akimat": "Әкімдіктің ресми деректері",
    "health": "Денсаулық сақтау басқармасының тоқсандық есебі",
    "housing": "Тұрғын үй-коммуналдық шаруашылық бөлімінің есебі",
    None: "ҚР СЖРА Ұлттық статистика бюросы",
}


# ---------------------------------------------------------------- evidence and reasons


def _evidence(kind: str, measure_title: str, on: dt.date) -> dict[str, object]:
    """A piece of evidence of the kind: where it was published, by whom, the words that
    matter. Links lead to the publishers' own sites."""
    pieces: dict[str, tuple[str, str, str, str]] = {
        Evidence.Kind.STATISTICS: (
            f"Статистикалық бюллетень: {measure_title}",
            "https://stat.gov.kz/",
            "ҚР СЖРА Ұлттық статистика бюросы",
            "Көрсеткіштің тоқсандық мәндері ресми статистикамен расталды.",
        ),
        Evidence.Kind.LEGAL_ACT: (
            f"Әкімдік қаулысы: {measure_title}",
            "https://adilet.zan.kz/",
            "Әкімдік",
            "Іс-шараны қаржыландыру және орындау мерзімі бекітілді.",
        ),
        Evidence.Kind.BUDGET: (
            f"Жергілікті бюджеттің атқарылуы туралы есеп: {measure_title}",
            "https://www.gov.kz/",
            "Облыстық (қалалық) экономика және бюджеттік жоспарлау басқармасы",
            "Бөлінген қаражат толық игерілді.",
        ),
        Evidence.Kind.OFFICIAL_RELEASE: (
            f"Баспасөз хабарламасы: {measure_title}",
            "https://www.gov.kz/",
            "Әкімдіктің баспасөз қызметі",
            "Нысан пайдалануға берілді.",
        ),
        Evidence.Kind.MEDIA: (
            f"Ақпарат агенттігінің хабары: {measure_title}",
            "https://www.inform.kz/",
            "ҚазАқпарат",
            "Тұрғындар жұмыстың тоқтап тұрғанын айтады.",
        ),
        Evidence.Kind.CITIZEN_REPORT: (
            f"Бақылау бекетінің азаматтар есебі: {measure_title}",
            "https://www.gov.kz/",
            "Партиялық бақылау бекеті",
            "Бекет мүшелері нысанды аралап, нәтижесін хаттамаға түсірді.",
        ),
    }
    title, url, publisher, quote = pieces[kind]
    return {
        "kind": kind,
        "title": title[:500],
        "url": url,
        "publisher": publisher,
        "published_on": on,
        "quote": quote,
    }


def _fmt(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- values


def _quantum(places: int) -> Decimal:
    return Decimal(1).scaleb(-places)


def _level(kind: Kind, raw: float) -> Decimal:
    """The value of the indicator that is `raw` of the way from its baseline to its target
    (the inverse of esep.programme.progress.raw_attainment)."""
    baseline, target = Decimal(kind.baseline), Decimal(kind.target)
    if kind.band is not None:
        low, high = Decimal(kind.band[0]), Decimal(kind.band[1])
        if raw >= 1:
            return (high - (high - low) / 5).quantize(_quantum(kind.places))
        outside = baseline - high if baseline > high else low - baseline
        scale = max(high - low, outside)
        distance = Decimal(str(1 - raw)) * scale
        value = high + distance if baseline > high else low - distance
    else:
        value = baseline + Decimal(str(raw)) * (target - baseline)
    value = value.quantize(_quantum(kind.places))
    if kind.unit == "%":
        value = min(value, Decimal(100))
    return max(value, Decimal(0))


def _series(kind: Kind, plan: Plan, target_on: dt.date) -> list[Decimal]:
    """The indicator's value in each quarter of 2021–2022 for the plan's pace."""
    if kind.direction == Direction.YES_NO:
        if plan.pace == "on":  # opened (or kept) from the third or fifth quarter on
            switch = 2 if target_on.year == 2021 else 4
            start = Decimal(kind.baseline)
            return [start if i < switch else Decimal(kind.target) for i in range(8)]
        if plan.pace == "det":  # kept at first, then stopped
            return [Decimal(1) if i < 5 else Decimal(0) for i in range(8)]
        return [Decimal(kind.baseline)] * 8  # never happened
    pace = PACE[plan.pace]
    values: list[Decimal] = []
    for i, (_start, end) in enumerate(QUARTERS):
        share = elapsed_share(BASELINE_ON, target_on, end)
        wiggle = 0.0 if kind.cumulative else WIGGLE[i]
        value = _level(kind, pace * share * (1 + wiggle))
        if kind.cumulative and values:
            value = max(value, values[-1])
        values.append(value)
    return values


def _spread(kind: Kind, value: Decimal) -> list[tuple[str, Decimal, Decimal | None]]:
    """A national value spread over the regions observed so that, added up by the
    indicator's aggregation, they give it back: (KATO, value, denominator)."""
    step = abs(Decimal(kind.target) - Decimal(kind.baseline)) / 10 or Decimal(1)
    q = _quantum(kind.places)
    if kind.aggregation == Aggregation.SUM:
        return [
            (kato, (value * share).quantize(q), None)
            for (kato, _weight), share in zip(NATIONAL_REGIONS, SUM_SHARES, strict=True)
        ]
    w1, w2 = (Decimal(weight) for _kato, weight in NATIONAL_REGIONS[:2])
    weighted = kind.aggregation in (Aggregation.WEIGHTED, Aggregation.RATIO)
    # Offsets the regions' weights cancel out (w1·d − w2·d·w1/w2 + 0), or plain ones for a
    # mean; a share keeps every region's value within 0–100.
    coefficient = w1 / w2 if weighted else Decimal(1)
    if kind.unit == "%":
        step = max(min(step, Decimal(100) - value, value / coefficient), Decimal(0))
    # Almaty's weight is three times Atyrau's: offsets in whole steps of the values'
    # precision cancel out exactly.
    step = step.quantize(q, rounding=ROUND_DOWN)
    offsets = [step, -step * coefficient, Decimal(0)]
    spread = []
    for (kato, weight), offset in zip(NATIONAL_REGIONS, offsets, strict=True):
        own = (value + offset).quantize(q)
        spread.append((kato, own, Decimal(weight * 10) if weighted else None))
    return spread


# ---------------------------------------------------------------- building


@dataclass
class Cast:
    """Who acts: the programme office of each road map's branch (manages it, decides on
    changes) and its monitor with a login (records, proposes)."""

    admin: User
    managers: dict[str, User]
    monitors: dict[str, User]


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _territory(kato: str) -> Territory:
    return Territory.objects.get(kato=kato)


def _candidates(branch: Branch) -> list[Person]:
    """Active members of the branch subtree without an esep login, oldest record first (not by
    IIN: it is stored encrypted, and ciphertexts sort at random)."""
    return list(
        Person.objects.filter(
            membership__branch__path__startswith=branch.path,
            membership__status=Membership.Status.ACTIVE,
            user__isnull=True,
        ).order_by("pk")
    )


def build_programme(admin: User) -> tuple[Programme, dict[str, Promise], dict[int, Section]]:
    central = Branch.objects.get(code="central")
    country = _territory(COUNTRY)
    programme = plans.add_programme(
        actor=admin,
        branch=central,
        code=CODE,
        title_kk="Өзгерістер жолы: әр азаматқа – лайықты өмір!",
        title_ru="Путь перемен: достойную жизнь каждому!",
        title_en="The Path of Change: a Decent Life for Everyone!",
        election="Мәжіліс пен мәслихаттар сайлауы, 10.01.2021",
        adopted_on=D(2020, 11, 25),
    )
    topics = {c.code: c for c in Category.objects.all()}
    sections = {
        number: plans.add_section(
            actor=admin, programme=programme, number=number, title_kk=kk, title_ru=ru, title_en=en
        )
        for number, kk, ru, en in SECTIONS
    }
    promises = {}
    for code, codes, kk, ru, en in PROMISES:
        promises[code] = plans.add_promise(
            actor=admin,
            section=sections[int(code.split(".")[0])],
            code=code,
            text_kk=kk,
            text_ru=ru,
            text_en=en,
            topics=[topics[c] for c in codes if c in topics],
            territory=country,
            due_on=D(2025, 12, 31),
        )
    return programme, promises, sections


def assign_monitors(cast: Cast, road_maps: dict[str, RoadMap]) -> int:
    """215 members of the Kostanay subtree follow its road map (one more did for a season),
    a few in the other regions and the central office; each monitor login is one of them
    (Almaty's follows the national road map too)."""
    assigned = 0
    plan = {"kostanay": KOSTANAY_MONITORS, **OTHER_MONITORS}
    for code, count in plan.items():
        road_map = road_maps[code]
        actor = cast.managers[code]
        rng = random.Random(f"monitors:{code}")
        pool = _candidates(road_map.branch)
        chosen = rng.sample(pool, min(len(pool), count + 1))
        login = cast.monitors.get(code)
        if login is not None:
            own = login.person
            if own is None:
                login.person = chosen[0]
                login.save(update_fields=["person"])
            else:  # linked before: it leads its road map's monitors
                chosen = [own, *[p for p in chosen if p.pk != own.pk]]
        since_days = max((D(2021, 11, 30) - road_map.approved_on).days, 1)
        for index, person in enumerate(chosen[:count]):
            since = road_map.approved_on + dt.timedelta(
                days=0 if index < 10 else rng.randrange(since_days)
            )
            plans.assign_monitor(actor=actor, road_map=road_map, person=person, since=since)
            assigned += 1
        if code == "kostanay" and len(chosen) > count:
            # One member followed the road map for a season, then moved to another region.
            spare = chosen[count]
            monitor = plans.assign_monitor(
                actor=actor, road_map=road_map, person=spare, since=road_map.approved_on
            )
            plans.end_monitor(actor=actor, monitor=monitor, until=D(2021, 6, 30))
    almaty = cast.monitors.get("almaty")
    if almaty is not None and almaty.person is not None:
        plans.assign_monitor(
            actor=cast.admin,
            road_map=road_maps["central"],
            person=almaty.person,
            since=D(2021, 3, 1),
        )
        assigned += 1
    return assigned


def build_road_maps(
    cast: Cast, programme: Programme, promises: dict[str, Promise]
) -> dict[str, RoadMap]:
    road_maps = {}
    for code in ROAD_MAPS:
        branch = Branch.objects.select_related("territory").get(code=code)
        territory = branch.territory
        if code == "central":
            kk, ru, en = ROAD_MAP_TITLES["central"]
        else:
            kk, ru, en = (
                title.format(name)
                for title, name in zip(
                    ROAD_MAP_TITLES["region"],
                    (territory.name_kk, territory.name_ru, territory.name_en),
                    strict=True,
                )
            )
        road_maps[code] = plans.add_road_map(
            actor=cast.managers[code],
            programme=programme,
            branch=branch,
            code=f"{code}-2021",
            title_kk=kk,
            title_ru=ru,
            title_en=en,
            territory=territory,
            approved_on=APPROVED_ON[code],
            promises=[promises[p] for p in SERVES[code]],
        )
    return road_maps


def _state_body(
    plan: Plan, kind: Kind, road_map: RoadMap, bodies: dict[str, StateBody]
) -> StateBody | None:
    kato = plan.kato or road_map.territory.kato
    if kato == COUNTRY:
        return None  # a ministry's: not in the demo's directory of regional bodies
    region = next(c for k, c in DETAILED_REGIONS.items() if kato[:2] == k[:2])
    return bodies.get(f"{region}-{kind.body}")


def build_measures(
    cast: Cast, road_maps: dict[str, RoadMap], promises: dict[str, Promise], demo: Demo
) -> list[tuple[Plan, Measure, Indicator]]:
    bodies = {b.code: b for b in StateBody.objects.all()}
    branches = {b.territory_id: b for b in Branch.objects.exclude(kind=Branch.Kind.PRIMARY)}
    made = []
    for code, measures in ROAD_MAPS.items():
        road_map = road_maps[code]
        for plan in measures:
            kind = KINDS[plan.kind]
            territory = _territory(plan.kato) if plan.kato else road_map.territory
            names = (territory.name_kk, territory.name_ru, territory.name_en)
            branch = branches.get(territory.pk, road_map.branch)
            responsible = list(Person.objects.office_holders([branch.path])[:2])
            measure = plans.add_measure(
                actor=cast.managers[code],
                road_map=road_map,
                code=plan.code,
                title_kk=kind.title[0].format(names[0]),
                title_ru=kind.title[1].format(names[1]),
                title_en=kind.title[2].format(names[2]),
                state_body=_state_body(plan, kind, road_map, bodies),
                deadline=plan.deadline,
                weight=Decimal(plan.weight) if plan.weight else None,
                territory=territory,
                responsible=responsible,
                promises=[promises[kind.promise]],
            )
            indicator = plans.add_indicator(
                actor=cast.managers[code],
                measure=measure,
                code=f"{plan.code}-{plan.kind.upper().replace('_', '')}",
                title_kk=kind.indicator[0],
                title_ru=kind.indicator[1],
                title_en=kind.indicator[2],
                unit=kind.unit,
                direction=kind.direction,
                band_low=Decimal(kind.band[0]) if kind.band else None,
                band_high=Decimal(kind.band[1]) if kind.band else None,
                baseline=Decimal(kind.baseline),
                baseline_on=BASELINE_ON,
                target=Decimal(kind.target),
                target_on=plan.deadline,
                aggregation=kind.aggregation,
                milestones=_milestones(kind, plan),
            )
            made.append((plan, measure, indicator))
            demo.measures += 1
    return made


def _milestones(kind: Kind, plan: Plan) -> list[tuple[dt.date, Decimal]]:
    """Measures running past 2022 set where they should be at the end of each year: on the
    straight line, or slower at first where the work starts with building."""
    if plan.deadline.year < 2023 or kind.direction in (Direction.BAND, Direction.YES_NO):
        return []
    baseline, target = Decimal(kind.baseline), Decimal(kind.target)
    points = []
    slow = kind.cumulative
    for year in range(2021, plan.deadline.year):
        share = Decimal(str(elapsed_share(BASELINE_ON, plan.deadline, D(year, 12, 31))))
        if slow:
            share = share * share
        points.append(
            (
                D(year, 12, 31),
                (baseline + (target - baseline) * share).quantize(_quantum(kind.places)),
            )
        )
    return points


def record_observations(
    cast: Cast, made: list[tuple[Plan, Measure, Indicator]], demo: Demo
) -> dict[int, Decimal]:
    """Each quarter's values, recorded by the road map's monitor: the national measures of
    the whole country region by region. A few of the last quarter's were first sent in as
    provisional, then replaced by the final figure. Returns each indicator's last value."""
    last: dict[int, Decimal] = {}
    recorded: list[tuple[Observation, dt.date]] = []
    territories = {t.kato: t for t in Territory.objects.all()}
    recorder = {
        "central": cast.monitors["almaty"],
        "almaty": cast.monitors["almaty"],
        "atyrau": cast.monitors["atyrau"],
        "kostanay": cast.monitors["kostanay"],
    }
    for number, (plan, measure, indicator) in enumerate(made):
        if plan.pace == "none":
            continue
        kind = KINDS[plan.kind]
        actor = recorder[measure.road_map.branch.code]
        source = SOURCES[
            None if plan.kato is None and measure.road_map.branch.code == "central" else kind.body
        ]
        values = _series(kind, plan, plan.deadline)
        national = measure.territory.kato == COUNTRY and kind.direction != Direction.YES_NO
        for i, ((start, end), value) in enumerate(zip(QUARTERS, values, strict=True)):
            kind_of = (
                Observation.Kind.ESTIMATED
                if i == 0 and number % 5 == 0
                else Observation.Kind.ACTUAL
            )
            rows = _spread(kind, value) if national else [(measure.territory.kato, value, None)]
            for kato, own, weight in rows:
                territory = territories[kato]
                first_as_provisional = i == 7 and number % 6 == 1
                if first_as_provisional:
                    early = _observe(
                        actor,
                        indicator,
                        kind,
                        territory,
                        start,
                        end,
                        own * Decimal("0.97"),
                        weight,
                        Observation.Kind.PROVISIONAL,
                        source,
                    )
                    recorded.append((early, end + dt.timedelta(days=12)))
                    demo.observations += 1
                observation = _observe(
                    actor, indicator, kind, territory, start, end, own, weight, kind_of, source
                )
                later = 40 if first_as_provisional else 20 + number % 10
                recorded.append((observation, end + dt.timedelta(days=later)))
                demo.observations += 1
        last[indicator.pk] = values[-1]
    # Recorded weeks after each quarter ended, not on the day the demo was loaded.
    for observation, day in recorded:
        observation.recorded_at = dt.datetime.combine(day, dt.time(5, 30), tzinfo=dt.UTC)
    Observation.objects.bulk_update([o for o, _day in recorded], ["recorded_at"], batch_size=500)
    return last


def _observe(
    actor: User,
    indicator: Indicator,
    kind: Kind,
    territory: Territory,
    start: dt.date,
    end: dt.date,
    value: Decimal,
    weight: Decimal | None,
    status: str,
    source: str,
) -> Observation:
    value = value.quantize(_quantum(max(kind.places, 1)))
    numerator = denominator = None
    if kind.aggregation == Aggregation.RATIO:
        denominator = weight or Decimal(1000 + zlib.crc32(territory.kato.encode()) % 9000)
        numerator = (value * denominator / 100).quantize(Decimal("0.0001"))
    elif kind.aggregation == Aggregation.WEIGHTED:
        denominator = weight
    return plans.record_observation(
        actor=actor,
        indicator=indicator,
        territory=territory,
        period_start=start,
        period_end=end,
        value=value,
        kind=status,
        source=source,
        numerator=numerator,
        denominator=denominator,
    )


# ---------------------------------------------------------------- changes


def _reason(verdict: str, status: str, indicator: Indicator, value: Decimal | None) -> str:
    unit = indicator.unit
    if verdict == Verdict.KEPT:
        return (
            f"Нысаналы мәнге жетті: {_fmt(value or indicator.target)} {unit} "
            f"(мақсат {_fmt(indicator.target)} {unit}). Ресми дерек қоса берілді."
        )
    if verdict == Verdict.PARTIALLY_KEPT:
        return (
            f"Мерзім өтті, бірақ мақсатқа толық жетпеді: {_fmt(value or indicator.baseline)} "
            f"{unit}, мақсат {_fmt(indicator.target)} {unit}."
        )
    if verdict == Verdict.BROKEN:
        return (
            f"Көрсеткіш мақсаттан алыстады: {_fmt(value or indicator.baseline)} {unit}, "
            f"бастапқы мәні {_fmt(indicator.baseline)} {unit}."
        )
    if verdict == Verdict.NOT_ASSESSABLE:
        return "Көрсеткіш бойынша ресми дерек жарияланбады: орындалуын тексеру мүмкін емес."
    if status == Status.STALLED:
        return "Жұмыс тоқтап тұр: қаржыландыру келесі жылға ауыстырылды, мердігер ауыстырылуда."
    if status == Status.COMPLETED:
        return "Іс-шара аяқталды, нысан пайдалануға берілді."
    return "Жұмыс басталды: қаражат бөлінді, мердігер анықталды."


EVIDENCE_FOR: dict[str, list[str]] = {
    Verdict.KEPT: [Evidence.Kind.STATISTICS, Evidence.Kind.OFFICIAL_RELEASE],
    Verdict.PARTIALLY_KEPT: [Evidence.Kind.STATISTICS],
    Verdict.BROKEN: [Evidence.Kind.STATISTICS, Evidence.Kind.MEDIA],
    Verdict.NOT_ASSESSABLE: [Evidence.Kind.CITIZEN_REPORT],
    Status.STALLED: [Evidence.Kind.MEDIA],
    Status.IN_PROGRESS: [Evidence.Kind.LEGAL_ACT],
    Status.COMPLETED: [Evidence.Kind.BUDGET],
}


def _change(
    subject: Promise | Measure,
    proposer: User,
    *,
    status: str = "",
    verdict: str = "",
    broken_reason: str = "",
    reason: str,
    evidence: list[str],
    on: dt.date,
) -> Change:
    title = subject.title_kk if isinstance(subject, Measure) else subject.text_kk[:120]
    return plans.propose_change(
        actor=proposer,
        subject=subject,
        status=status,
        verdict=verdict,
        broken_reason=broken_reason,
        reason=reason,
        evidence=[_evidence(kind, title, on) for kind in evidence],
    )


def _measure_change(
    cast: Cast,
    measure: Measure,
    indicator: Indicator,
    value: Decimal | None,
    *,
    status: str = "",
    verdict: str = "",
    broken: str = "",
    approve: bool = True,
) -> Change:
    code = measure.road_map.branch.code
    on = min(measure.deadline + dt.timedelta(days=45), D(2023, 3, 1)) if verdict else D(2021, 4, 15)
    change = _change(
        measure,
        cast.monitors["almaty" if code == "central" else code],
        status=status,
        verdict=verdict,
        broken_reason=broken,
        reason=_reason(verdict, status, indicator, value),
        evidence=EVIDENCE_FOR[verdict or status],
        on=on,
    )
    if approve:
        plans.approve_change(actor=cast.managers[code], change=change)
    return change


def change_measures(
    cast: Cast, made: list[tuple[Plan, Measure, Indicator]], last: dict[int, Decimal], demo: Demo
) -> None:
    """What the monitors proposed for each measure, and what the branch decided: work begun
    on every measure measured, then, past the deadline, the verdict the figures bear out —
    most approved, a few still awaiting approval, one returned for better evidence."""
    for plan, measure, indicator in made:
        outcome, _, detail = plan.outcome.partition(":")
        if outcome == "none":
            continue
        value = last.get(indicator.pk)
        steps: list[dict[str, object]] = []
        if outcome == "na":
            steps = [{"verdict": Verdict.NOT_ASSESSABLE}]
        else:
            steps = [{"status": Status.IN_PROGRESS}]
        if outcome == "kept":
            steps.append({"status": Status.COMPLETED, "verdict": Verdict.KEPT})
        elif outcome == "partial":
            steps.append({"verdict": Verdict.PARTIALLY_KEPT})
        elif outcome == "broken":
            steps.append({"status": Status.STALLED, "verdict": Verdict.BROKEN, "broken": detail})
        elif outcome == "stalled":
            steps.append({"status": Status.STALLED})
        elif outcome == "pending":
            steps.append({"verdict": detail, "approve": False})
        elif outcome == "returned":
            steps.append({"status": Status.COMPLETED, "verdict": Verdict.KEPT, "approve": False})
        for step in steps:
            change = _measure_change(cast, measure, indicator, value, **step)  # type: ignore[arg-type]
            demo.changes += 1
        if outcome == "returned":
            plans.return_change(
                actor=cast.managers[measure.road_map.branch.code],
                change=change,
                note=(
                    f"Дерек жеткіліксіз: соңғы тоқсанда {_fmt(value or indicator.baseline)} "
                    f"{indicator.unit}, мақсат {_fmt(indicator.target)} {indicator.unit}. "
                    "Орындалғанын растайтын ресми дерек қоса беріңіз."
                ),
            )


# (promise, status, verdict, broken reason, state); the verdicts the programme's whole
# record bears out, decided by the central office.
PROMISE_CHANGES = [
    ("1.1", Status.IN_PROGRESS, Verdict.PARTIALLY_KEPT, "", "approved"),
    ("1.2", Status.IN_PROGRESS, "", "", "approved"),
    ("1.2", "", Verdict.PARTIALLY_KEPT, "", "pending"),
    ("2.1", Status.IN_PROGRESS, "", "", "approved"),
    ("2.2", Status.COMPLETED, Verdict.KEPT, "", "approved"),
    ("3.1", Status.STALLED, Verdict.BROKEN, BrokenReason.EXTERNAL_SHOCK, "approved"),
    ("4.1", Status.IN_PROGRESS, Verdict.PARTIALLY_KEPT, "", "approved"),
    ("4.2", Status.IN_PROGRESS, Verdict.KEPT, "", "approved"),
    ("5.1", Status.COMPLETED, Verdict.KEPT, "", "approved"),
    ("5.2", Status.IN_PROGRESS, Verdict.NOT_ASSESSABLE, "", "approved"),
    ("3.2", "", Verdict.PARTIALLY_KEPT, "", "pending"),
]


def change_promises(cast: Cast, promises: dict[str, Promise], demo: Demo) -> None:
    """The central office's verdicts on the promises, proposed by a monitor of the national
    road map; one put right by a correction (4.2 was rated kept on the rented homes alone,
    before the rehousing from unsafe buildings fell behind)."""
    proposer, decider = cast.monitors["almaty"], cast.admin
    for code, status, verdict, broken, state in PROMISE_CHANGES:
        promise = promises[code]
        promise.refresh_from_db()
        if verdict == Verdict.NOT_ASSESSABLE:
            reason = (
                "Ауа сапасын бақылау желісі 2022 жылы жаңартылды: бұрынғы және жаңа өлшемдерді "
                "салыстыру мүмкін емес."
            )
        elif verdict == Verdict.BROKEN:
            reason = (
                "Пандемия салдарынан жастар жұмыссыздығы өсті, жұмыс орындарын құру жоспары "
                "орындалмады."
            )
        elif verdict:
            reason = "Жол карталарының іс-шаралары бойынша ресми деректер қорытындыланды."
        else:
            reason = "Жол карталарының іс-шаралары басталды."
        change = _change(
            promise,
            proposer,
            status=status,
            verdict=verdict,
            broken_reason=broken,
            reason=reason,
            evidence=EVIDENCE_FOR[verdict or status],
            on=D(2023, 2, 10) if verdict else D(2021, 6, 1),
        )
        demo.changes += 1
        if state == "approved":
            entry = plans.approve_change(actor=decider, change=change)
            if code == "4.2":
                correction = plans.propose_change(
                    actor=proposer,
                    subject=promise,
                    verdict=Verdict.PARTIALLY_KEPT,
                    reason="Түзету: «орындалды» деген баға тек жалға берілетін үйлер бойынша "
                    "қойылған; апатты үйлерден көшіру кестеден қалып тұр.",
                    evidence=[
                        _evidence(Evidence.Kind.STATISTICS, promise.text_kk[:120], D(2023, 4, 3))
                    ],
                    corrects=entry,
                )
                plans.approve_change(actor=decider, change=correction)
                demo.changes += 1


# ---------------------------------------------------------------- citizens' proposals

# Almaty's proposals of the autumn 2020 campaign and of 2021: (first day, last day,
# received, included, merged) — 1,612 received, 1,270 of them included (79%, in either
# year), 10 merged with others, the rest not included, each with its reason.
PROPOSAL_WAVES = [
    (D(2020, 9, 1), D(2020, 12, 31), 968, 763, 4),
    (D(2021, 1, 11), D(2021, 12, 20), 644, 507, 6),
]

# (topic, promise it goes into, Kazakh, Russian): what Almaty residents asked for.
PROPOSAL_TEXTS = [
    (
        "education",
        "2.1",
        "{kk}: жаңа мектеп салып, үш ауысымды оқуды тоқтату керек.",
        "{ru}: нужна новая школа, чтобы дети не учились в три смены.",
    ),
    (
        "education",
        "2.2",
        "{kk}: шағын аудандағы балабақша кезегі екі жылға созылды, жаңа балабақша ашу керек.",
        "{ru}: очередь в детский сад растянулась на два года, нужен новый сад.",
    ),
    (
        "utilities-water",
        "4.1",
        "{kk}: жеке үйлер секторына орталықтандырылған су құбырын тарту қажет.",
        "{ru}: провести централизованный водопровод в частный сектор.",
    ),
    (
        "utilities-water",
        "4.1",
        "{kk}: кәріз желісі жоқ көшелерге кәріз жүргізу керек.",
        "{ru}: провести канализацию на улицы, где её до сих пор нет.",
    ),
    (
        "utilities-gas",
        "4.1",
        "{kk}: жеке үйлерді газға қосуды жеделдету қажет.",
        "{ru}: ускорить подключение частных домов к газу.",
    ),
    (
        "roads",
        "4.3",
        "{kk}: ішкі көшелерді асфальттап, жаяу жүргіншілер жолын салу керек.",
        "{ru}: заасфальтировать внутренние улицы и сделать тротуары.",
    ),
    (
        "roads",
        "4.3",
        "{kk}: мектеп жанында бағдаршам мен жаяу жүргіншілер өткелін орнату керек.",
        "{ru}: поставить светофор и пешеходный переход у школы.",
    ),
    (
        "housing",
        "4.2",
        "{kk}: апатты үйлердің тұрғындарын көшіру мерзімін жариялау керек.",
        "{ru}: опубликовать сроки переселения жителей аварийных домов.",
    ),
    (
        "housing",
        "4.2",
        "{kk}: жас отбасыларға жалға берілетін тұрғын үйді көбейту керек.",
        "{ru}: больше арендного жилья для молодых семей.",
    ),
    (
        "healthcare",
        "1.2",
        "{kk}: емханада тар бейінді мамандарға кезек тым ұзақ.",
        "{ru}: в поликлинике слишком долгая очередь к узким специалистам.",
    ),
    (
        "healthcare",
        "1.1",
        "{kk}: шеткі шағын аудандарда жаңа емхана ашу қажет.",
        "{ru}: открыть новую поликлинику в отдалённых микрорайонах.",
    ),
    (
        "ecology",
        "5.2",
        "{kk}: ЖЭО-2-ні газға көшіріп, қаланың ауасын тазарту керек.",
        "{ru}: перевести ТЭЦ-2 на газ, чтобы очистить воздух города.",
    ),
    (
        "ecology",
        "5.2",
        "{kk}: аулаларда ағаш отырғызып, саябақтарды көбейту керек.",
        "{ru}: высаживать деревья во дворах и открывать новые скверы.",
    ),
    (
        "roads",
        "5.2",
        "{kk}: ескі автобустарды газ және электр автобустарымен ауыстыру керек.",
        "{ru}: заменить старые автобусы газовыми и электрическими.",
    ),
    (
        "public-services",
        "5.1",
        "{kk}: ХҚКО-ның жаңа бөлімін ашып, кезекті азайту керек.",
        "{ru}: открыть новый отдел ЦОН и сократить очереди.",
    ),
    (
        "social-support",
        "3.2",
        "{kk}: көпбалалы отбасыларға атаулы көмекті тезірек тағайындау керек.",
        "{ru}: быстрее назначать адресную помощь многодетным семьям.",
    ),
    (
        "employment",
        "3.1",
        "{kk}: жастарға арналған жұмыс орындары мен тағылымдамаларды көбейту керек.",
        "{ru}: больше рабочих мест и стажировок для молодёжи.",
    ),
    (
        "improvement",
        None,
        "{kk}: аулаларда балалар ойын алаңдары мен спорт алаңдарын жаңарту керек.",
        "{ru}: обновить детские и спортивные площадки во дворах.",
    ),
    (
        "culture-sport",
        None,
        "{kk}: жасөспірімдерге арналған тегін үйірмелер ашу керек.",
        "{ru}: открыть бесплатные кружки для подростков.",
    ),
    (
        "public-order",
        None,
        "{kk}: көшелерді жарықтандырып, бейнебақылау камераларын орнату керек.",
        "{ru}: осветить улицы и установить камеры видеонаблюдения.",
    ),
]
# Proposals not taken into a promise go into the section of their topic.
SECTION_OF = {"improvement": 4, "culture-sport": 2, "public-order": 5}
NOT_INCLUDED_REASONS = [
    (
        "Мәселе жергілікті атқарушы органның құзыретінде: ұсыныс өтініш ретінде әкімдікке "
        "жіберілді.",
        "Вопрос в компетенции местного исполнительного органа: предложение направлено в акимат "
        "как обращение.",
    ),
    (
        "Ұсыныс жеке сипатта: өтініш иесіне қабылдауда көмек көрсетілді.",
        "Предложение носит частный характер: заявителю оказана помощь на приёме.",
    ),
    (
        "Ұсынылған шара қолданыстағы заңнамаға қайшы келеді.",
        "Предложенная мера противоречит действующему законодательству.",
    ),
    (
        "Қаржыландыру көзі анықталмаған: бағдарлама мерзімінде іске асыру мүмкін емес.",
        "Не определён источник финансирования: реализация в сроки программы невозможна.",
    ),
]
# Invented names, by language and sex (surnames, given names): those who gave one left no
# contacts, so no person is recorded.
NAMES = {
    ("kk", "m"): (
        ["Ахметов", "Сейітов", "Жұмағалиев", "Тұрсынов", "Әлиев", "Бекенов"],
        ["Ерболат", "Дархан", "Мейрам", "Бақыт", "Нұржан", "Серікбол"],
    ),
    ("kk", "f"): (
        ["Ахметова", "Сейітова", "Бекова", "Оспанова", "Тұрсынова", "Әлиева"],
        ["Айнұр", "Гүлжан", "Салтанат", "Жазира", "Ақбота", "Нұргүл"],
    ),
    ("ru", "m"): (
        ["Ковалев", "Ли", "Гончаренко", "Тимофеев", "Ким", "Белов"],
        ["Андрей", "Виктор", "Павел", "Роман", "Игорь", "Максим"],
    ),
    ("ru", "f"): (
        ["Ковалева", "Ли", "Гончаренко", "Сидорова", "Ким", "Белова"],
        ["Марина", "Оксана", "Елена", "Вера", "Алина", "Юлия"],
    ),
}
CHANNELS = (
    [Proposal.Channel.ONLINE] * 9
    + [Proposal.Channel.RECEPTION] * 5
    + [Proposal.Channel.MEETING] * 4
    + [Proposal.Channel.LETTER] * 2
)


def build_proposals(
    programme: Programme, promises: dict[str, Promise], sections: dict[int, Section], demo: Demo
) -> None:
    almaty = Branch.objects.select_related("territory").get(code="almaty")
    head = _user("almaty.head")
    officer = _user("almaty.officer")
    rng = random.Random("proposals:almaty")
    districts = list(Territory.objects.get_children(almaty.territory).order_by("kato"))
    branches = {
        b.territory_id: b
        for b in Branch.objects.select_related("territory")
        .filter(path__startswith=almaty.path)
        .exclude(kind=Branch.Kind.PRIMARY)
    }
    topics = {c.code: c for c in Category.objects.all()}
    held = list(
        Reception.objects.filter(
            branch__path__startswith=almaty.path,
            status=ReceptionStatus.HELD,
            day__gte=D(2020, 9, 1),
            day__lte=D(2021, 12, 20),
        )
        .select_related("branch__territory")
        .order_by("day", "pk")
    )
    plan: list[tuple[dt.date, dt.date, str]] = []
    for first, last, received, included, merged in PROPOSAL_WAVES:
        decisions = (
            ["included"] * included
            + ["merged"] * merged
            + ["not_included"] * (received - included - merged)
        )
        rng.shuffle(decisions)
        # Merged ones come late, so each has an included proposal of its topic to join.
        decisions.sort(key=lambda d: d == "merged")
        plan += [(first, last, decision) for decision in decisions]
    included_by_topic: dict[str, list[Proposal]] = {}
    decided: list[tuple[Proposal, dt.date]] = []
    for first, last, decision in plan:
        topic, promise_code, kk, ru = rng.choice(PROPOSAL_TEXTS)
        district = rng.choice(districts)
        channel = rng.choice(CHANNELS)
        russian = rng.random() < 0.4
        text = (ru if russian else kk).format(kk=district.name_kk, ru=district.name_ru)
        names = NAMES["ru" if russian else "kk", rng.choice("mf")]
        named = rng.random() < 0.6
        surname = rng.choice(names[0]) if named else ""
        given_name = rng.choice(names[1]) if named else ""
        received_on = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        language = "ru" if russian else "kk"
        if channel == Proposal.Channel.ONLINE:
            # Sent on the party's site in 2020–2021: kept with the day it came.
            proposal = proposals.submit_proposal(
                programme=programme,
                text=text,
                language=language,
                territory=district,
                category=topics.get(topic),
                surname=surname,
                given_name=given_name,
                consent=named,
                received_on=received_on,
            )
        elif channel == Proposal.Channel.RECEPTION and held:
            window = [r for r in held if first <= r.day <= last] or held
            reception = window[rng.randrange(len(window))]
            proposal = proposals.register_proposal(
                actor=officer,
                programme=programme,
                channel=channel,
                text=text,
                language=language,
                territory=reception.branch.territory,
                reception=reception,
                category=topics.get(topic),
                surname=surname,
                given_name=given_name,
                consent=named,
            )
        else:
            proposal = proposals.register_proposal(
                actor=officer,
                programme=programme,
                channel=Proposal.Channel.LETTER
                if channel == Proposal.Channel.RECEPTION
                else channel,
                text=text,
                language=language,
                territory=district,
                branch=branches.get(district.pk, almaty),
                category=topics.get(topic),
                received_on=received_on,
                surname=surname,
                given_name=given_name,
                consent=named,
            )
        demo.proposals += 1
        if decision == "included":
            if promise_code is not None and rng.random() < 0.9:
                proposals.include_proposal(
                    actor=head, proposal=proposal, promise=promises[promise_code]
                )
            else:
                section = SECTION_OF.get(topic) or int((promise_code or "4").split(".")[0])
                proposals.include_proposal(actor=head, proposal=proposal, section=sections[section])
            included_by_topic.setdefault(topic, []).append(proposal)
        elif decision == "merged":
            into = rng.choice(
                included_by_topic.get(topic) or next(iter(included_by_topic.values()))
            )
            proposals.merge_proposal(
                actor=head,
                proposal=proposal,
                into=into,
                reason="Осындай ұсыныс бұрын түскен."
                if not russian
                else "Такое предложение уже поступало.",
            )
        else:
            kk_reason, ru_reason = rng.choice(NOT_INCLUDED_REASONS)
            proposals.refuse_proposal(
                actor=head, proposal=proposal, reason=ru_reason if russian else kk_reason
            )
        decided.append((proposal, proposal.received_on))
    # Decided within weeks of coming in, in the years they tell of (the actions date a
    # decision by the day they run).
    dated = []
    for proposal, came in decided:
        proposal.decided_on = min(came + dt.timedelta(days=rng.randrange(7, 45)), D(2021, 12, 28))
        dated.append(proposal)
    Proposal.objects.bulk_update(dated, ["decided_on"], batch_size=500)


# ---------------------------------------------------------------- the whole


@transaction.atomic
def build(demo: Demo) -> None:
    if Programme.objects.filter(code=CODE).exists():
        return
    admin = _user("admin")
    cast = Cast(
        admin=admin,
        managers={
            "central": admin,
            "almaty": _user("almaty.head"),
            "atyrau": _user("atyrau.head"),
            "kostanay": _user("kostanay.head"),
        },
        monitors={code: _user(username) for code, username in MONITOR_LOGINS.items()},
    )
    programme, promises, sections = build_programme(admin)
    demo.promises += len(promises)
    road_maps = build_road_maps(cast, programme, promises)
    demo.monitors += assign_monitors(cast, road_maps)
    for user in cast.monitors.values():
        user.refresh_from_db()
    made = build_measures(cast, road_maps, promises, demo)
    last = record_observations(cast, made, demo)
    change_measures(cast, made, last, demo)
    change_promises(cast, promises, demo)
    build_proposals(programme, promises, sections, demo)
