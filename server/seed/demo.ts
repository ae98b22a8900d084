import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../store/db';
import { hashPassword } from '../services/passwords';
import { insertUser } from '../store/accounts';
import type { Category } from '$shared/category';
import type { Accessibility, Pillar, SpokenLanguage } from '$shared/catalogue';
import { addWeeklySessions, type WeeklySchedule } from '../store/catalogue';
import type { Reference, TransferCode, TransferInput } from '$shared/ledger';
import { insertAccounts } from '../store/ledger';
import { executeBatch } from '../services/ledger/ledger.service';
import { derivedId } from '../ids';
import { insertEvent, insertProvider } from '../store/providers';
import { addSignup, insertEvent as insertHubEvent } from '../store/hub-events';
import { insertHub } from '../store/hubs';
import type { HubInput } from '$shared/hubs';
import type { Application } from '$shared/provider';
import type { Locale } from '$shared/locale';
import * as calls from '../store/calls';
import { assess, referenceDay } from '$shared/eligibility';
import { DEFAULT_RULES, withGrace } from '$shared/calls';
import { rank } from '$shared/ranking';
import { seedDemoGame } from './game';
import { seedDemoMicroProjects } from './micro-projects';
import { birthDateAged, isoDateIn } from '$shared/dates';
import { WELCOME_CREDITS } from '$shared/checkin';
import { cardNumberFrom } from '$shared/cards';
import { insertCard } from '../store/cards';
import {
  CITY_ACCOUNTS,
  CITY_FUNDING,
  creditMintFor,
  PROGRAMME_BUDGET,
  callBudgetAccount,
  callBudgetId,
  householdVoucherAccount,
  householdVoucherId,
  providerAccounts,
  providerPayableId,
  youthCreditAccounts,
  youthCreditId,
} from '../services/ledger/accounts';

export const DEMO_PASSWORD = 'wishmi-demo-2026';

/** The demo sign-ins, one per role, printed at start and listed in the README. */
export const DEMO_SIGN_INS = [
  { email: 'admin@demo.wishmi.test', language: 'it', role: 'city_admin' },
  { email: 'guardian@demo.wishmi.test', language: 'it', role: 'guardian' },
  { email: 'youth@demo.wishmi.test', language: 'it', role: 'youth' },
  { email: 'provider@demo.wishmi.test', language: 'it', role: 'provider' },
  { email: 'hub@demo.wishmi.test', language: 'it', role: 'hub_operator' },
  { email: 'hub2@demo.wishmi.test', language: 'ar', role: 'hub_operator' },
] as const;

/**
 * The six hubs the programme opened, one per municipio where they were (Corvetto and Giambellino first:
 * the demo's operators and play belong to them). Addresses, places, hours and languages are ours.
 */
const afternoons = (days: number[], opens = '15:00', closes = '19:00') => days.map((day) => ({ day, opens, closes })) as HubInput['hours'];
export const DEMO_HUBS: HubInput[] = [
  {
    name: 'Hub Corvetto',
    address: 'Piazzale Gabriele Rosa 2, Milano',
    municipio: 4,
    lat: 45.4404,
    lon: 9.2236,
    hours: [...afternoons([1, 2, 3, 4, 5]), { day: 6, opens: '10:00', closes: '13:00' }],
    languages: ['it', 'ar', 'es', 'en'],
    accessibility: ['wheelchair', 'step_free', 'accessible_toilet'],
  },
  {
    name: 'Hub Giambellino',
    address: 'Via Giambellino 80, Milano',
    municipio: 6,
    lat: 45.4478,
    lon: 9.1402,
    hours: [...afternoons([1, 3, 5], '14:30', '19:30'), { day: 6, opens: '09:30', closes: '12:30' }],
    languages: ['it', 'ar', 'fr'],
    accessibility: ['step_free', 'autism_friendly'],
  },
  {
    name: 'Hub Quarto Oggiaro',
    address: 'Via Pascarella 21, Milano',
    municipio: 8,
    lat: 45.5138,
    lon: 9.1372,
    hours: afternoons([2, 4, 5]),
    languages: ['it', 'ro', 'sq'],
    accessibility: ['wheelchair', 'step_free'],
  },
  {
    name: 'Hub San Siro',
    address: 'Piazzale Selinunte 4, Milano',
    municipio: 7,
    lat: 45.4686,
    lon: 9.1407,
    hours: [...afternoons([1, 2, 4]), { day: 7, opens: '10:00', closes: '12:00' }],
    languages: ['it', 'ar', 'bn'],
    accessibility: ['step_free'],
  },
  {
    name: 'Hub Gratosoglio',
    address: 'Via dei Missaglia 117, Milano',
    municipio: 5,
    lat: 45.4135,
    lon: 9.177,
    hours: afternoons([1, 3, 5], '15:30', '19:00'),
    languages: ['it', 'es', 'tl'],
    accessibility: ['wheelchair', 'accessible_toilet'],
  },
  {
    name: 'Hub Padova',
    address: 'Via Padova 118, Milano',
    municipio: 2,
    lat: 45.4986,
    lon: 9.2259,
    hours: [...afternoons([2, 3, 4, 5]), { day: 6, opens: '10:00', closes: '13:00' }],
    languages: ['it', 'zh', 'ar', 'es'],
    accessibility: ['step_free', 'low_vision'],
  },
];

type Text = Record<'it' | 'en' | 'ar' | 'zh' | 'es', string>;
type DemoOffer = {
  provider: number;
  category: Category;
  title: Text;
  description: Text;
  ageMin: number;
  ageMax: number;
  priceCents: number;
  place: [string, number, number, number];
};
/** What families search by, beyond the basics, and when each offer meets (weekdays: 0 = Sunday). */
type DemoDetails = {
  pillars: Pillar[];
  accessibility: Accessibility[];
  languages: SpokenLanguage[];
  creditPrice?: number;
  schedule: WeeklySchedule;
};

const PLACES = {
  navigli: ['Via Ludovico il Moro 11, Milano', 6, 45.4521, 9.1637],
  bovisa: ['Via Durando 10, Milano', 9, 45.5027, 9.1563],
  niguarda: ['Piazza Ospedale Maggiore 3, Milano', 9, 45.5107, 9.1905],
  corvetto: ['Piazzale Gabriele Rosa 2, Milano', 4, 45.4404, 9.2226],
} as const satisfies Record<string, [string, number, number, number]>;

const OFFERS: DemoOffer[] = [
  {
    provider: 0,
    category: 'sport',
    ageMin: 6,
    ageMax: 14,
    priceCents: 12000,
    place: [...PLACES.navigli],
    title: { it: 'Nuoto per ragazzi', en: 'Swimming for kids', ar: 'السباحة للأطفال', zh: '少儿游泳', es: 'Natación para chicos' },
    description: {
      it: 'Dieci lezioni in piscina con istruttori qualificati.',
      en: 'Ten pool lessons with qualified instructors.',
      ar: 'عشرة دروس في المسبح مع مدربين مؤهلين.',
      zh: '由合格教练指导的十节游泳课。',
      es: 'Diez clases en la piscina con monitores titulados.',
    },
  },
  {
    provider: 0,
    category: 'sport',
    ageMin: 11,
    ageMax: 17,
    priceCents: 8000,
    place: [...PLACES.navigli],
    title: {
      it: 'Basket al parco',
      en: 'Basketball in the park',
      ar: 'كرة السلة في الحديقة',
      zh: '公园篮球',
      es: 'Baloncesto en el parque',
    },
    description: {
      it: 'Allenamenti all’aperto due volte a settimana.',
      en: 'Outdoor training twice a week.',
      ar: 'تدريبات في الهواء الطلق مرتين في الأسبوع.',
      zh: '每周两次户外训练。',
      es: 'Entrenamientos al aire libre dos veces por semana.',
    },
  },
  {
    provider: 0,
    category: 'health',
    ageMin: 11,
    ageMax: 18,
    priceCents: 5000,
    place: [...PLACES.navigli],
    title: {
      it: 'Sport e alimentazione',
      en: 'Sport and healthy eating',
      ar: 'الرياضة والتغذية الصحية',
      zh: '运动与健康饮食',
      es: 'Deporte y alimentación sana',
    },
    description: {
      it: 'Incontri con una nutrizionista per giovani sportivi.',
      en: 'Sessions with a nutritionist for young athletes.',
      ar: 'لقاءات مع أخصائية تغذية للرياضيين الشباب.',
      zh: '为青少年运动员举办的营养师讲座。',
      es: 'Encuentros con una nutricionista para jóvenes deportistas.',
    },
  },
  {
    provider: 1,
    category: 'art',
    ageMin: 8,
    ageMax: 14,
    priceCents: 9000,
    place: [...PLACES.bovisa],
    title: {
      it: 'Laboratorio di fumetto',
      en: 'Comic drawing workshop',
      ar: 'ورشة رسم القصص المصورة',
      zh: '漫画绘画工作坊',
      es: 'Taller de cómic',
    },
    description: {
      it: 'Dal personaggio alla tavola finita, in otto incontri.',
      en: 'From a character to a finished page, in eight sessions.',
      ar: 'من الشخصية إلى الصفحة المكتملة في ثمانية لقاءات.',
      zh: '八次课程，从角色设计到完成整页漫画。',
      es: 'Del personaje a la página terminada, en ocho sesiones.',
    },
  },
  {
    provider: 1,
    category: 'art',
    ageMin: 12,
    ageMax: 18,
    priceCents: 15000,
    place: [...PLACES.bovisa],
    title: { it: 'Musica elettronica', en: 'Electronic music', ar: 'الموسيقى الإلكترونية', zh: '电子音乐', es: 'Música electrónica' },
    description: {
      it: 'Comporre e registrare i propri brani in studio.',
      en: 'Compose and record your own tracks in a studio.',
      ar: 'تأليف وتسجيل مقطوعاتك الخاصة في الاستوديو.',
      zh: '在录音室创作并录制自己的作品。',
      es: 'Componer y grabar tus propias canciones en un estudio.',
    },
  },
  {
    provider: 1,
    category: 'stem',
    ageMin: 10,
    ageMax: 15,
    priceCents: 11000,
    place: [...PLACES.bovisa],
    title: { it: 'Robotica creativa', en: 'Creative robotics', ar: 'الروبوتات الإبداعية', zh: '创意机器人', es: 'Robótica creativa' },
    description: {
      it: 'Costruire e programmare piccoli robot.',
      en: 'Build and program small robots.',
      ar: 'بناء روبوتات صغيرة وبرمجتها.',
      zh: '动手搭建并编程小型机器人。',
      es: 'Construir y programar pequeños robots.',
    },
  },
  {
    provider: 1,
    category: 'stem',
    ageMin: 13,
    ageMax: 18,
    priceCents: 10000,
    place: [...PLACES.bovisa],
    title: {
      it: 'Programmare videogiochi',
      en: 'Coding video games',
      ar: 'برمجة ألعاب الفيديو',
      zh: '编写电子游戏',
      es: 'Programar videojuegos',
    },
    description: {
      it: 'Il primo gioco, dall’idea al web.',
      en: 'Your first game, from the idea to the web.',
      ar: 'لعبتك الأولى، من الفكرة إلى الإنترنت.',
      zh: '你的第一款游戏，从创意到上线。',
      es: 'Tu primer juego, de la idea a la web.',
    },
  },
  {
    provider: 2,
    category: 'health',
    ageMin: 0,
    ageMax: 18,
    priceCents: 6000,
    place: [...PLACES.niguarda],
    title: {
      it: 'Visita logopedica',
      en: 'Speech therapy assessment',
      ar: 'تقييم علاج النطق',
      zh: '言语治疗评估',
      es: 'Evaluación de logopedia',
    },
    description: {
      it: 'Una prima valutazione con una logopedista.',
      en: 'A first assessment with a speech therapist.',
      ar: 'تقييم أول مع أخصائية علاج النطق.',
      zh: '由言语治疗师进行的初次评估。',
      es: 'Una primera evaluación con una logopeda.',
    },
  },
  {
    provider: 2,
    category: 'health',
    ageMin: 11,
    ageMax: 18,
    priceCents: 4000,
    place: [...PLACES.niguarda],
    title: { it: 'Sportello di ascolto', en: 'Listening desk', ar: 'مكتب الاستماع', zh: '心理倾听服务', es: 'Punto de escucha' },
    description: {
      it: 'Colloqui riservati con uno psicologo.',
      en: 'Private talks with a psychologist.',
      ar: 'محادثات سرية مع أخصائي نفسي.',
      zh: '与心理咨询师的私密谈话。',
      es: 'Conversaciones confidenciales con un psicólogo.',
    },
  },
  {
    provider: 2,
    category: 'school',
    ageMin: 11,
    ageMax: 14,
    priceCents: 7000,
    place: [...PLACES.corvetto],
    title: { it: 'Aiuto compiti', en: 'Homework club', ar: 'نادي المساعدة في الواجبات', zh: '作业辅导', es: 'Ayuda con los deberes' },
    description: {
      it: 'Tre pomeriggi a settimana con tutor volontari.',
      en: 'Three afternoons a week with volunteer tutors.',
      ar: 'ثلاث أمسيات في الأسبوع مع مدرسين متطوعين.',
      zh: '每周三个下午，由志愿导师辅导。',
      es: 'Tres tardes por semana con tutores voluntarios.',
    },
  },
  {
    provider: 2,
    category: 'school',
    ageMin: 6,
    ageMax: 12,
    priceCents: 6500,
    place: [...PLACES.corvetto],
    title: {
      it: 'Italiano come seconda lingua',
      en: 'Italian as a second language',
      ar: 'الإيطالية كلغة ثانية',
      zh: '意大利语第二语言课程',
      es: 'Italiano como segunda lengua',
    },
    description: {
      it: 'Piccoli gruppi per imparare giocando.',
      en: 'Small groups that learn through play.',
      ar: 'مجموعات صغيرة تتعلم من خلال اللعب.',
      zh: '小班教学，寓教于乐。',
      es: 'Grupos pequeños para aprender jugando.',
    },
  },
  {
    provider: 0,
    category: 'stem',
    ageMin: 9,
    ageMax: 13,
    priceCents: 0,
    place: [...PLACES.corvetto],
    title: {
      it: 'Scienza in cortile',
      en: 'Science in the courtyard',
      ar: 'العلوم في الفناء',
      zh: '庭院科学课',
      es: 'Ciencia en el patio',
    },
    description: {
      it: 'Esperimenti all’aperto, gratuiti per tutti.',
      en: 'Outdoor experiments, free for everyone.',
      ar: 'تجارب في الهواء الطلق، مجانية للجميع.',
      zh: '户外科学实验，全部免费。',
      es: 'Experimentos al aire libre, gratis para todos.',
    },
  },
];

const weekly = (weekdays: number[], time: string, minutes: number, capacity: number): WeeklySchedule => ({
  weekdays,
  time,
  minutes,
  capacity,
  weeks: 8,
});
/** In the order of OFFERS. */
const DETAILS: DemoDetails[] = [
  {
    pillars: ['physical', 'health'],
    accessibility: ['wheelchair', 'step_free', 'accessible_toilet'],
    languages: ['it', 'en', 'ar'],
    schedule: weekly([2, 4], '17:00', 60, 12),
  },
  {
    pillars: ['physical', 'social'],
    accessibility: ['step_free'],
    languages: ['it', 'es'],
    creditPrice: 40,
    schedule: weekly([1, 3], '16:30', 90, 20),
  },
  {
    pillars: ['health', 'physical'],
    accessibility: ['wheelchair', 'step_free'],
    languages: ['it', 'ar'],
    schedule: weekly([6], '10:00', 90, 15),
  },
  {
    pillars: ['talents', 'social'],
    accessibility: ['step_free', 'autism_friendly'],
    languages: ['it', 'en', 'zh'],
    creditPrice: 50,
    schedule: weekly([3], '15:00', 120, 10),
  },
  { pillars: ['talents', 'autonomy'], accessibility: [], languages: ['it', 'en'], schedule: weekly([5], '18:00', 120, 8) },
  {
    pillars: ['education', 'talents'],
    accessibility: ['wheelchair', 'step_free', 'low_vision'],
    languages: ['it', 'en', 'zh'],
    schedule: weekly([6], '15:00', 120, 12),
  },
  {
    pillars: ['education', 'autonomy'],
    accessibility: ['step_free'],
    languages: ['it', 'en'],
    creditPrice: 60,
    schedule: weekly([2], '17:30', 90, 14),
  },
  {
    pillars: ['health'],
    accessibility: ['wheelchair', 'step_free', 'accessible_toilet', 'sign_language'],
    languages: ['it', 'ar', 'es'],
    schedule: weekly([1, 5], '09:30', 45, 2),
  },
  {
    pillars: ['health', 'autonomy'],
    accessibility: ['wheelchair', 'step_free'],
    languages: ['it', 'ar', 'en'],
    schedule: weekly([3], '14:00', 50, 4),
  },
  {
    pillars: ['education', 'social'],
    accessibility: ['step_free', 'autism_friendly'],
    languages: ['it', 'ar', 'zh'],
    schedule: weekly([1, 3, 5], '15:00', 120, 15),
  },
  {
    pillars: ['education', 'social'],
    accessibility: ['step_free'],
    languages: ['it', 'ar', 'zh', 'es', 'uk'],
    schedule: weekly([2, 4], '16:00', 90, 10),
  },
  {
    pillars: ['education', 'spaces'],
    accessibility: ['wheelchair', 'step_free'],
    languages: ['it'],
    schedule: weekly([6], '11:00', 90, 25),
  },
];

const TRAINED_ON = '2025-09-15';
/** The three accredited organisations of the demo, as their applications described them. */
const DEMO_PROVIDERS: Application[] = [
  {
    name: 'Polisportiva Navigli',
    legalForm: 'non_profit',
    taxCode: '97123450157',
    address: 'Alzaia Naviglio Grande 66, Milano',
    municipio: 6,
    contactEmail: 'info@polisportiva-navigli.example',
    phone: '+39 02 1234 5678',
    categories: ['sport', 'health', 'stem'],
    places: [
      { address: 'Alzaia Naviglio Grande 66, Milano', municipio: 6 },
      { address: 'Via dei Cinquecento 20, Milano', municipio: 4 },
    ],
    documents: [
      { kind: 'statute', name: 'Statuto 2021' },
      { kind: 'insurance', name: 'Polizza RC 2026' },
      { kind: 'safeguarding_policy', name: 'Policy tutela minori' },
    ],
    trainedStaff: [
      { name: 'Giulia Ferri', trainedOn: TRAINED_ON },
      { name: 'Marco Longo', trainedOn: TRAINED_ON },
    ],
  },
  {
    name: 'Laboratorio Bovisa Arte e Scienza',
    legalForm: 'for_profit',
    taxCode: '10987654321',
    address: 'Via Durando 10, Milano',
    municipio: 9,
    contactEmail: 'ciao@labbovisa.example',
    phone: '+39 02 8765 4321',
    categories: ['art', 'stem'],
    places: [{ address: 'Via Durando 10, Milano', municipio: 9 }],
    documents: [
      { kind: 'registration', name: 'Visura camerale' },
      { kind: 'insurance', name: 'Polizza RC 2026' },
      { kind: 'safety_plan', name: 'Piano sicurezza laboratori' },
    ],
    trainedStaff: [{ name: 'Sara Colombo', trainedOn: TRAINED_ON }],
  },
  {
    name: 'Consultorio Famiglie Niguarda',
    legalForm: 'public',
    taxCode: '80012345678',
    address: 'Piazza Ospedale Maggiore 3, Milano',
    municipio: 9,
    contactEmail: 'consultorio.niguarda@example.org',
    phone: '+39 02 6444 1111',
    categories: ['health', 'school'],
    places: [
      { address: 'Piazza Ospedale Maggiore 3, Milano', municipio: 9 },
      { address: 'Piazzale Gabriele Rosa 2, Milano', municipio: 4 },
    ],
    documents: [
      { kind: 'statute', name: 'Delibera istitutiva' },
      { kind: 'safeguarding_policy', name: 'Protocollo tutela minori' },
    ],
    trainedStaff: [{ name: 'Anna Ricci', trainedOn: TRAINED_ON }],
  },
];

const DEMO_APPLICANT: Application = {
  name: 'Scacchi Giambellino APS',
  legalForm: 'non_profit',
  taxCode: '97555550159',
  address: 'Via Giambellino 80, Milano',
  municipio: 6,
  contactEmail: 'scacchi.giambellino@example.org',
  phone: '+39 333 123 4567',
  categories: ['stem', 'school'],
  places: [{ address: 'Via Giambellino 80, Milano', municipio: 6 }],
  documents: [
    { kind: 'statute', name: 'Statuto APS' },
    { kind: 'insurance', name: 'Polizza RC volontari' },
  ],
  trainedStaff: [{ name: 'Luca Bianchi', trainedOn: '2026-10-02' }],
};

/** True when nobody has signed up yet: the only state in which demo data is added at start. */
export async function isEmpty(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return Number(row.n) === 0;
}

/** Adds the demo city: its sign-ins, six hubs, three providers with a dozen offers, three households. */
export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction(async (tx) => {
    const [exists] = await tx.query("SELECT 1 FROM users WHERE email = 'admin@demo.wishmi.test'");
    if (exists) return false;
    const one = async (sql: string, params: unknown[]) => (await tx.query<{ id: string }>(sql, params))[0].id;
    const hubs: string[] = [];
    for (const hub of DEMO_HUBS) hubs.push(await insertHub(tx, hub, now));
    const providers: string[] = [];
    for (const application of DEMO_PROVIDERS) {
      const id = await insertProvider(tx, application, now, 'accredited');
      await insertEvent(tx, { providerId: id, at: now, from: null, to: 'accredited', reason: '', by: null });
      providers.push(id);
    }
    // One organisation still waiting for the city's answer, so the review queue is not empty.
    const waiting = await insertProvider(tx, DEMO_APPLICANT, now);
    await insertEvent(tx, { providerId: waiting, at: now, from: null, to: 'applied', reason: '', by: null });
    const offerIds: string[] = [];
    for (const [i, offer] of OFFERS.entries()) {
      const [address, municipio, lat, lon] = offer.place;
      const details = DETAILS[i];
      const [{ id: offerId }] = await tx.query<{ id: string }>(
        `INSERT INTO offers (provider_id, category, title, description, age_min, age_max, price_cents, address, municipio, lat, lon, pillars, accessibility, languages, credit_price)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
        [
          providers[offer.provider],
          offer.category,
          JSON.stringify(offer.title),
          JSON.stringify(offer.description),
          offer.ageMin,
          offer.ageMax,
          offer.priceCents,
          address,
          municipio,
          lat,
          lon,
          details.pillars,
          details.accessibility,
          details.languages,
          details.creditPrice ?? null,
        ],
      );
      await addWeeklySessions(tx, offerId, now, details.schedule);
      offerIds.push(offerId);
    }
    // A session of the basketball starting within the hour, so a provider can try the scanner on the day.
    await tx.query(
      "INSERT INTO offer_sessions (offer_id, starts_at, ends_at, capacity) VALUES ($1, $2::timestamptz, $2::timestamptz + interval '90 minutes', 20)",
      [offerIds[1], new Date(now.getTime() + 60 * 60_000)],
    );
    const haddad = await one('INSERT INTO households (municipio) VALUES (6) RETURNING id', []);
    const bianchi = await one('INSERT INTO households (municipio) VALUES (4) RETURNING id', []);
    // A family new to Milan who reads Arabic, near the Navigli: the programme's whole journey, end to end.
    const elIdrissi = await one('INSERT INTO households (municipio) VALUES (6) RETURNING id', []);
    const user = (
      email: string,
      name: string,
      role: 'youth' | 'guardian' | 'provider' | 'hub_operator' | 'city_admin',
      links: { householdId?: string; providerId?: string; hubId?: string } = {},
      language: Locale = 'it',
    ) => insertUser(tx, { email, passwordHash, name, role, language, ...links });
    await user('admin@demo.wishmi.test', 'Giulia Ferrari', 'city_admin');
    const amina = await user('guardian@demo.wishmi.test', 'Amina Haddad', 'guardian', { householdId: haddad });
    const lucia = await user('guardian2@demo.wishmi.test', 'Lucia Bianchi', 'guardian', { householdId: bianchi });
    const karima = await user('guardian3@demo.wishmi.test', 'Karima El Idrissi', 'guardian', { householdId: elIdrissi }, 'ar');
    await user('provider@demo.wishmi.test', 'Paolo Rinaldi', 'provider', { providerId: providers[0] });
    const davide = await user('hub@demo.wishmi.test', 'Davide Colombo', 'hub_operator', { hubId: hubs[0] });
    await user('hub2@demo.wishmi.test', 'Farah Benali', 'hub_operator', { hubId: hubs[1] }, 'ar');
    const youth = await user('youth@demo.wishmi.test', 'Sara Haddad', 'youth', { householdId: haddad });
    // The children are the same age whenever the demo is made (the calls' age limits and the youth
    // sign-in's depend on it); on 25 November 2026, Sara was born on 12 March 2011.
    const today = isoDateIn(now);
    const bornAged = (age: number, birthday: string) => birthDateAged(age, birthday, today);
    await tx.query('INSERT INTO minors (household_id, name, birth_date, disability, user_id) VALUES ($1, $2, $3, false, $4)', [
      haddad,
      'Sara Haddad',
      bornAged(15, '03-12'),
      youth,
    ]);
    await tx.query('INSERT INTO minors (household_id, name, birth_date, disability) VALUES ($1, $2, $3, true)', [
      haddad,
      'Omar Haddad',
      bornAged(9, '06-02'),
    ]);
    await tx.query('INSERT INTO minors (household_id, name, birth_date, disability) VALUES ($1, $2, $3, false)', [
      bianchi,
      'Marco Bianchi',
      bornAged(12, '09-20'),
    ]);
    // Yusuf is 13: he plays with a card only (his mother issued it), so his sign-in has no email.
    const yusuf = await one(
      "INSERT INTO users (email, password_hash, name, role, language, household_id) VALUES (NULL, NULL, 'Yusuf El Idrissi', 'youth', 'ar', $1) RETURNING id",
      [elIdrissi],
    );
    await tx.query('INSERT INTO minors (household_id, name, birth_date, disability, user_id) VALUES ($1, $2, $3, false, $4)', [
      elIdrissi,
      'Yusuf El Idrissi',
      bornAged(13, '05-10'),
      yusuf,
    ]);
    await seedDemoCards(
      tx,
      { hubs, people: { sara: youth!, yusuf, karima: karima! }, issuedBy: { sara: amina!, yusuf: karima!, karima: karima! } },
      now,
    );
    await seedDemoHubEvents(tx, { hub: hubs[0], operator: davide!, sara: youth! }, now);
    const families = [
      { household: haddad, guardian: amina!, iseeCents: 8_400_00, singleParent: true },
      { household: bianchi, guardian: lucia!, iseeCents: 18_200_00, singleParent: false },
      { household: elIdrissi, guardian: karima!, iseeCents: 12_500_00, singleParent: false },
    ];
    const callId = await seedDemoCalls(tx, families, now);
    await seedDemoLedger(
      tx,
      { callId, households: [haddad, bianchi, elIdrissi], providers, youth: [youth!, yusuf], offers: offerIds },
      now,
    );
    await seedDemoGame(tx, { hubs }, now);
    const admin = (await tx.query<{ id: string }>("SELECT id FROM users WHERE email = 'admin@demo.wishmi.test'"))[0].id;
    await seedDemoMicroProjects(
      tx,
      { hubs, admin, operator: davide!, youth: youth!, voters: [youth!, yusuf], provider: providers[0] },
      now,
    );
    return true;
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo's person cards, with the PINs the README lists: Sara (15, who also has her own sign-in),
 * Yusuf (13, card only) and his mother Karima. Numbers chosen to be easy to type in a demo; real ones
 * are drawn at random. All carry Hub Corvetto, where the demo kiosk stands.
 */
export const DEMO_CARDS = [
  { who: 'sara', name: 'Sara Haddad', number: cardNumberFrom('11112222333'), pin: '2468' },
  { who: 'yusuf', name: 'Yusuf El Idrissi', number: cardNumberFrom('22223333444'), pin: '1357' },
  { who: 'karima', name: 'Karima El Idrissi', number: cardNumberFrom('33334444555'), pin: '8642' },
] as const;

/**
 * Hub Corvetto's events: a comics workshop under way when the demo is made (Sara has a place; its
 * attendance may be taken by card at once), and a co-design meeting next week with places to take.
 */
async function seedDemoHubEvents(tx: Queryable, demo: { hub: string; operator: string; sara: string }, now: Date): Promise<void> {
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const workshop = await insertHubEvent(
    tx,
    demo.hub,
    {
      title: 'Laboratorio di fumetto',
      description: 'Storie a fumetti, dalla prima idea alla tavola: porta una matita.',
      kind: 'workshop',
      startsAt: at(-30),
      endsAt: at(90),
      capacity: 15,
      languages: ['it', 'ar'],
      roundId: null,
      projectId: null,
    },
    demo.operator,
    new Date(now.getTime() - 7 * DAY_MS),
  );
  await addSignup(tx, workshop, demo.sara, new Date(now.getTime() - 2 * DAY_MS));
  await insertHubEvent(
    tx,
    demo.hub,
    {
      title: 'Co-progettiamo il cortile',
      description: 'Idee per il micro-progetto del cortile: cosa ci serve, chi lo fa, quanto costa.',
      kind: 'codesign',
      startsAt: at(7 * 24 * 60),
      endsAt: at(7 * 24 * 60 + 120),
      capacity: 20,
      languages: ['it', 'ar', 'es'],
      roundId: null,
      projectId: null,
    },
    demo.operator,
    now,
  );
}

async function seedDemoCards(
  tx: Queryable,
  demo: {
    hubs: string[];
    people: Record<(typeof DEMO_CARDS)[number]['who'], string>;
    issuedBy: Record<(typeof DEMO_CARDS)[number]['who'], string>;
  },
  now: Date,
): Promise<void> {
  for (const card of DEMO_CARDS) {
    await insertCard(tx, {
      number: card.number,
      userId: demo.people[card.who],
      hubId: demo.hubs[0],
      pinHash: await hashPassword(card.pin),
      by: demo.issuedBy[card.who],
      // Issued a month ago, like the rest of the demo's history.
      at: new Date(now.getTime() - 30 * DAY_MS),
    });
  }
  // An enrolled kiosk at Hub Corvetto, as its page lists it. Its credential was never given to a
  // browser: to try the kiosk, enrol one with a code from the hub's "Kiosks" page (README).
  const operator = (await tx.query<{ id: string }>("SELECT id FROM users WHERE email = 'hub@demo.wishmi.test'"))[0].id;
  await tx.query(
    "INSERT INTO kiosks (hub_id, name, token_hash, enrolled_by, enrolled_at, last_seen_at) VALUES ($1, 'Ingresso', $2, $3, $4, $5)",
    [demo.hubs[0], randomBytes(32).toString('base64url'), operator, new Date(now.getTime() - 30 * DAY_MS), now],
  );
}

const demoCallText = (year: number, season: 'year' | 'summer') => ({
  name:
    season === 'year'
      ? {
          it: `WISH MI ${year}: voucher per le famiglie`,
          en: `WISH MI ${year}: vouchers for families`,
          ar: `WISH MI ${year}: قسائم للأسر`,
          zh: `WISH MI ${year}：家庭代金券`,
          es: `WISH MI ${year}: bonos para familias`,
        }
      : {
          it: `WISH MI Estate ${year}`,
          en: `WISH MI Summer ${year}`,
          ar: `WISH MI صيف ${year}`,
          zh: `WISH MI ${year} 夏季`,
          es: `WISH MI Verano ${year}`,
        },
  description: {
    it: 'Voucher da 100 a 400 euro per nucleo, secondo l’ISEE, per attività sportive, artistiche, di salute, di sostegno scolastico e STEM dei figli minorenni. Possono fare domanda le famiglie residenti a Milano con figli minorenni e ISEE sotto i 27.000 euro.',
    en: 'Vouchers of 100 to 400 euros per household, by ISEE, for children’s sport, art, health, school support and STEM activities. Families living in Milan with children under 18 and an ISEE under 27,000 euros can apply.',
    ar: 'قسائم من 100 إلى 400 يورو لكل أسرة حسب مؤشر ISEE، لأنشطة الأطفال الرياضية والفنية والصحية والدعم المدرسي والعلوم. يمكن للأسر المقيمة في ميلانو التي لديها أطفال دون 18 عامًا ومؤشر ISEE أقل من 27,000 يورو تقديم طلب.',
    zh: '按 ISEE 为每个家庭提供 100 至 400 欧元的代金券，用于孩子的体育、艺术、健康、课业辅导和 STEM 活动。居住在米兰、有未成年子女且 ISEE 低于 27,000 欧元的家庭可以申请。',
    es: 'Bonos de 100 a 400 euros por hogar, según el ISEE, para actividades de deporte, arte, salud, apoyo escolar y STEM de los hijos menores. Pueden solicitarlo las familias residentes en Milán con hijos menores y un ISEE inferior a 27.000 euros.',
  },
});

/**
 * Two calls, made as the city would: this year's, closed, ranked, published and allocated (the three
 * demo households funded, some budget left), and a summer call open for applications now. Its budget
 * and every voucher move through the ledger in seedDemoLedger; this writes who applied and where they rank.
 */
async function seedDemoCalls(
  tx: Queryable,
  families: { household: string; guardian: string; iseeCents: number; singleParent: boolean }[],
  now: Date,
): Promise<string> {
  const year = now.getUTCFullYear();
  const day = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString();
  const callId = DEMO_CALL_ID;
  const spendingDeadline = new Date(Date.UTC(year + (now.getUTCMonth() >= 5 ? 1 : 0), 5, 30, 21, 59, 59)).toISOString();
  const input = {
    ...demoCallText(year, 'year'),
    budgetCents: DEMO_CALL_BUDGET,
    opensAt: day(-90),
    closesAt: day(-60),
    spendingDeadline,
    graceHours: 24,
    rules: DEFAULT_RULES,
  };
  await calls.insertCall(tx, callId, input, null, new Date(day(-90)), 'allocated');
  await calls.setCallStatus(tx, callId, 'allocated', new Date(day(-55)));
  const codes = ['7KQ4-M2XP', 'H3VN-9TRA', 'C8LW-5DEJ'];
  for (const [i, f] of families.entries()) {
    const facts = await calls.householdFacts(tx, f.household);
    await calls.insertApplication(tx, {
      id: derivedId('demo', 'application', f.household),
      callId,
      householdId: f.household,
      code: codes[i],
      municipio: facts!.municipio,
      dsu: `INPS-ISEE-${year}-0000123${i}A-00`,
      facts: { resident: true, iseeCents: f.iseeCents, minors: facts!.minors, disabledAdults: 0, singleParent: f.singleParent },
      by: f.guardian,
      at: new Date(day(-80 + i)),
    });
  }
  const applications = await calls.applicationsToRank(tx, callId);
  const assessed = applications.map((a) => ({ a, result: assess(DEFAULT_RULES, a.facts, referenceDay(input.closesAt)) }));
  const ranked = rank(
    DEFAULT_RULES.tieBreakers,
    assessed.map(({ a, result }) => {
      if (!result.eligible) throw new Error('A demo family is not eligible');
      return {
        id: a.id,
        code: a.code,
        points: result.points.total,
        iseeCents: a.facts.iseeCents!,
        minors: result.eligibleMinors,
        submittedAt: a.submittedAt,
        result,
      };
    }),
  );
  await calls.saveAssessments(
    tx,
    ranked.map((r) => ({
      id: r.id,
      status: 'eligible',
      exclusion: null,
      points: r.result.points,
      amountCents: r.result.amountCents,
      eligibleMinors: r.result.eligibleMinors,
      rank: r.rank,
    })),
  );
  const households = new Map(families.map((f) => [derivedId('demo', 'application', f.household), f.household]));
  await calls.setFunded(
    tx,
    ranked.map((r) => ({ id: r.id, accountId: householdVoucherId(households.get(r.id)!, callId) })),
  );

  const summer = derivedId('demo', 'call', 'summer');
  await calls.insertCall(
    tx,
    summer,
    {
      ...demoCallText(year + 1, 'summer'),
      budgetCents: DEMO_SUMMER_BUDGET,
      opensAt: day(-5),
      closesAt: day(30),
      spendingDeadline: day(240),
      graceHours: 24,
      rules: DEFAULT_RULES,
    },
    null,
    new Date(day(-5)),
  );
  return callId;
}
/** This year's demo call, closed and allocated: the demo households' vouchers come from it. */
export const DEMO_CALL_ID = derivedId('demo', 'call', 'year');
const DEMO_CALL_BUDGET = 1_000_00;
const DEMO_SUMMER_BUDGET = 50_000_00;

/**
 * The demo wallets, made through the ledger like everything else: the city funds the programme,
 * every household gets a voucher, the Haddads have one activity paid and one booked (held), and
 * Sara and Yusuf have their welcome credits.
 */
async function seedDemoLedger(
  tx: Queryable,
  demo: { callId: string; households: string[]; providers: string[]; youth: string[]; offers: string[] },
  now: Date,
): Promise<void> {
  const call = (await calls.loadCall(tx, demo.callId))!;
  const summer = derivedId('demo', 'call', 'summer');
  const voucher = (household: string) => householdVoucherId(household, demo.callId);
  await insertAccounts(
    tx,
    [
      ...CITY_ACCOUNTS,
      callBudgetAccount(demo.callId),
      callBudgetAccount(summer),
      ...demo.households.map((h) => householdVoucherAccount(h, demo.callId, withGrace(call.spendingDeadline, call))),
      ...demo.providers.flatMap(providerAccounts),
      ...demo.youth.flatMap(youthCreditAccounts),
    ],
    now,
  );
  const [haddad] = demo.households;
  const by = 'system:demo';
  const eur = (
    id: string,
    debit: string,
    credit: string,
    amount: number,
    code: TransferCode,
    ref: Reference | null = null,
  ): TransferInput => ({
    id: derivedId('demo', id),
    kind: 'single',
    debitAccountId: debit,
    creditAccountId: credit,
    amount,
    ledger: 'EUR',
    code,
    createdBy: by,
    ref,
  });
  const results = await executeBatch(
    tx,
    [
      eur('funding', CITY_FUNDING, PROGRAMME_BUDGET, 200_000_00, 'funding'),
      eur('call-funding', PROGRAMME_BUDGET, callBudgetId(demo.callId), DEMO_CALL_BUDGET, 'funding', { type: 'call', id: demo.callId }),
      eur('summer-funding', PROGRAMME_BUDGET, callBudgetId(summer), DEMO_SUMMER_BUDGET, 'funding', { type: 'call', id: summer }),
      ...(await calls.inRankOrder(tx, demo.callId, 'funded')).map((a) => ({
        id: derivedId('call-allocation', a.id),
        kind: 'single' as const,
        debitAccountId: callBudgetId(demo.callId),
        creditAccountId: voucher(a.householdId),
        amount: a.amountCents,
        ledger: 'EUR' as const,
        code: 'allocation' as const,
        createdBy: by,
        ref: { type: 'call', id: demo.callId },
      })),
      eur('paid-nutrition', voucher(haddad), providerPayableId(demo.providers[0]), 50_00, 'redemption', {
        type: 'offer',
        id: demo.offers[2],
      }),
      {
        id: derivedId('demo', 'hold-swimming'),
        kind: 'pending',
        debitAccountId: voucher(haddad),
        creditAccountId: providerPayableId(demo.providers[0]),
        amount: 120_00,
        ledger: 'EUR',
        code: 'booking_hold',
        timeoutAt: new Date(now.getTime() + 30 * DAY_MS),
        createdBy: by,
        ref: { type: 'offer', id: demo.offers[0] },
      },
      // The same grant, with the same id, as every youth gets when their sign-in is made.
      ...demo.youth.map((youth) => ({
        id: derivedId('welcome-grant', youth),
        kind: 'single' as const,
        debitAccountId: creditMintFor(youth),
        creditAccountId: youthCreditId(youth),
        amount: WELCOME_CREDITS,
        ledger: 'CREDIT' as const,
        code: 'welcome_grant' as const,
        createdBy: by,
      })),
    ],
    now,
    { rowLocks: true, lookForReplays: true },
  );
  if (results.some((r) => r !== 'ok')) throw new Error(`Demo ledger refused: ${results.join(', ')}`);
}
