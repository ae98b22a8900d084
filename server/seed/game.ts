import { randomBytes } from 'node:crypto';
import type { Queryable } from '../store/db';
import { derivedId } from '../ids';
import { insertMission, insertPlace } from '../store/game';
import { isoDateIn } from '$shared/dates';
import { placeCodeFrom } from '$shared/checkin';
import { type MissionInput } from '$shared/missions';

const DAY_MS = 86_400_000;
const text = (it: string, en: string, ar: string, zh: string, es: string) => ({ it, en, ar, zh, es });

/**
 * The demo's play: each hub a check-in place (its operator's device shows the codes), and six missions
 * running from last week to two months ahead — the city's and one of Hub Corvetto's.
 */
export async function seedDemoGame(tx: Queryable, demo: { hubs: string[] }, now: Date): Promise<void> {
  for (const hub of demo.hubs) {
    for (let attempt = 0; attempt < 20; attempt++) {
      if (
        await insertPlace(tx, {
          id: derivedId('demo', 'place', hub, String(attempt)),
          code: placeCodeFrom(randomBytes(4)),
          kind: 'hub',
          refId: hub,
          secret: randomBytes(32),
          now,
        })
      )
        break;
    }
  }
  const startsOn = isoDateIn(new Date(now.getTime() - 7 * DAY_MS));
  const endsOn = isoDateIn(new Date(now.getTime() + 60 * DAY_MS));
  const days = { startsOn, endsOn, ageMin: 11, ageMax: 18 };
  const [corvetto] = demo.hubs;
  const missions: { key: string; hubId: string | null; input: MissionInput }[] = [
    {
      key: 'hub-welcome',
      hubId: null,
      input: {
        ...days,
        title: text('Scopri il tuo hub', 'Discover your hub', 'اكتشف مركزك', '发现你的中心', 'Descubre tu centro'),
        story: text(
          'Gli hub sono case aperte per i ragazzi: passa a trovarci, fai il check-in e dicci cosa vorresti trovarci.',
          'Hubs are open houses for young people: drop by, check in and tell us what you would like to find there.',
          'المراكز بيوت مفتوحة للشباب: مرّ بنا، سجّل حضورك وأخبرنا بما تحب أن تجده هناك.',
          '中心是向青少年开放的家：来坐坐，签到，并告诉我们你希望在那里找到什么。',
          'Los centros son casas abiertas para jóvenes: pásate, regístrate y dinos qué te gustaría encontrar.',
        ),
        steps: [
          { kind: 'checkin', hubId: null, offerId: null },
          {
            kind: 'poll',
            question: text(
              'Cosa vorresti di più al tuo hub?',
              'What would you like more of at your hub?',
              'ماذا تريد أكثر في مركزك؟',
              '你希望中心多一些什么？',
              '¿Qué te gustaría más en tu centro?',
            ),
            options: [
              text('Musica e arte', 'Music and art', 'موسيقى وفن', '音乐和艺术', 'Música y arte'),
              text('Sport', 'Sport', 'رياضة', '运动', 'Deporte'),
              text('Aiuto con i compiti', 'Homework help', 'مساعدة في الواجبات', '作业辅导', 'Ayuda con los deberes'),
              text('Videogiochi e coding', 'Games and coding', 'ألعاب وبرمجة', '游戏和编程', 'Videojuegos y programación'),
            ],
          },
        ],
        reward: 50,
        badge: 'mission_city',
      },
    },
    {
      key: 'new-sport',
      hubId: null,
      input: {
        ...days,
        title: text('Prova uno sport nuovo', 'Try a new sport', 'جرّب رياضة جديدة', '尝试一项新运动', 'Prueba un deporte nuevo'),
        story: text(
          'Basket, nuoto, arrampicata? Scegli uno sport che non hai mai provato, prenota e vai: il primo allenamento è il più bello.',
          'Basketball, swimming, climbing? Pick a sport you have never tried, book it and go: the first session is the best.',
          'كرة السلة، السباحة، التسلق؟ اختر رياضة لم تجربها من قبل، احجز واذهب: الحصة الأولى هي الأجمل.',
          '篮球、游泳、攀岩？选一项从未尝试过的运动，预约并去参加：第一次训练最棒。',
          '¿Baloncesto, natación, escalada? Elige un deporte que nunca hayas probado, reserva y ve: la primera sesión es la mejor.',
        ),
        steps: [
          { kind: 'new_category', category: 'sport' },
          { kind: 'booking', category: 'sport' },
        ],
        reward: 80,
        badge: 'mission_sport',
      },
    },
    {
      key: 'culture',
      hubId: null,
      input: {
        ...days,
        title: text('Cultura in città', 'Culture in the city', 'الثقافة في المدينة', '城市里的文化', 'Cultura en la ciudad'),
        story: text(
          'Un laboratorio di arte, un corso di teatro o di fumetto: prova qualcosa di creativo e passa da un hub a raccontarlo.',
          'An art workshop, a drama or comics course: try something creative and drop by a hub to tell us about it.',
          'ورشة فنية أو دورة مسرح أو قصص مصورة: جرّب شيئًا إبداعيًا ومرّ بمركز لتخبرنا عنه.',
          '艺术工作坊、戏剧或漫画课程：尝试一些有创意的东西，再到中心来分享。',
          'Un taller de arte, un curso de teatro o de cómic: prueba algo creativo y pásate por un centro a contarlo.',
        ),
        steps: [
          { kind: 'new_category', category: 'art' },
          { kind: 'checkin', hubId: null, offerId: null },
        ],
        reward: 60,
        badge: 'mission_culture',
      },
    },
    {
      key: 'stem-week',
      hubId: null,
      input: {
        ...days,
        title: text('Scienziato per un giorno', 'Scientist for a day', 'عالِم ليوم واحد', '当一天科学家', 'Científico por un día'),
        story: text(
          'Robot, coding, esperimenti: vai a un’attività STEM e completa la prenotazione.',
          'Robots, coding, experiments: go to a STEM activity and complete the booking.',
          'روبوتات، برمجة، تجارب: اذهب إلى نشاط علمي وأكمل الحجز.',
          '机器人、编程、实验：参加一项 STEM 活动并完成预约。',
          'Robots, programación, experimentos: ve a una actividad STEM y completa la reserva.',
        ),
        steps: [{ kind: 'booking', category: 'stem' }],
        reward: 60,
        badge: null,
      },
    },
    {
      key: 'corvetto-project',
      hubId: corvetto,
      input: {
        ...days,
        title: text('Il cortile che vorrei', 'The courtyard I want', 'الفناء الذي أريده', '我想要的庭院', 'El patio que quiero'),
        story: text(
          'All’Hub Corvetto progettiamo insieme il nuovo cortile. Vieni a un incontro del micro-progetto e vota la tua idea.',
          'At Hub Corvetto we are designing the new courtyard together. Come to a micro-project meeting and vote for your idea.',
          'في مركز كورفيتو نصمم معًا الفناء الجديد. تعال إلى اجتماع المشروع الصغير وصوّت لفكرتك.',
          '在 Corvetto 中心，我们一起设计新庭院。来参加微项目会议，为你的想法投票。',
          'En el Hub Corvetto diseñamos juntos el nuevo patio. Ven a una reunión del microproyecto y vota tu idea.',
        ),
        steps: [
          { kind: 'project', hubId: corvetto },
          {
            kind: 'poll',
            question: text(
              'Cosa mettiamo nel cortile?',
              'What shall we put in the courtyard?',
              'ماذا نضع في الفناء؟',
              '我们在庭院里放些什么？',
              '¿Qué ponemos en el patio?',
            ),
            options: [
              text('Un orto', 'A vegetable garden', 'حديقة خضروات', '菜园', 'Un huerto'),
              text('Un campo da basket', 'A basketball court', 'ملعب كرة سلة', '篮球场', 'Una cancha de baloncesto'),
              text('Un palco per concerti', 'A stage for concerts', 'منصة للحفلات', '音乐会舞台', 'Un escenario para conciertos'),
            ],
          },
        ],
        reward: 70,
        badge: 'co_designer',
      },
    },
    {
      key: 'your-voice',
      hubId: null,
      input: {
        ...days,
        title: text('La tua voce conta', 'Your voice counts', 'صوتك مهم', '你的声音很重要', 'Tu voz cuenta'),
        story: text(
          'Il Comune vuole sapere come stai e cosa ti serve. Due domande veloci, in forma anonima.',
          'The city wants to know how you are and what you need. Two quick questions, anonymous.',
          'تريد البلدية أن تعرف كيف حالك وما تحتاجه. سؤالان سريعان، دون ذكر اسمك.',
          '市政府想了解你的近况和需要。两个简短的匿名问题。',
          'El Ayuntamiento quiere saber cómo estás y qué necesitas. Dos preguntas rápidas, anónimas.',
        ),
        steps: [
          {
            kind: 'poll',
            question: text(
              'Quanto ti senti ascoltato in città?',
              'How much do you feel listened to in the city?',
              'إلى أي مدى تشعر بأن المدينة تستمع إليك؟',
              '你觉得城市在多大程度上倾听你？',
              '¿Cuánto te sientes escuchado en la ciudad?',
            ),
            options: [
              text('Poco', 'A little', 'قليلًا', '很少', 'Poco'),
              text('Abbastanza', 'Quite a lot', 'بما يكفي', '比较多', 'Bastante'),
              text('Molto', 'A lot', 'كثيرًا', '很多', 'Mucho'),
            ],
          },
          {
            kind: 'poll',
            question: text(
              'Cosa ti manca di più nel quartiere?',
              'What do you miss most in your neighbourhood?',
              'ما الذي ينقصك أكثر في حيّك؟',
              '你最希望社区里有什么？',
              '¿Qué es lo que más echas en falta en tu barrio?',
            ),
            options: [
              text('Spazi per stare insieme', 'Places to hang out', 'أماكن للقاء', '聚会的地方', 'Lugares para estar juntos'),
              text('Sport gratis', 'Free sport', 'رياضة مجانية', '免费运动', 'Deporte gratis'),
              text('Aiuto a scuola', 'Help at school', 'مساعدة في المدرسة', '学业帮助', 'Ayuda en la escuela'),
            ],
          },
        ],
        reward: 30,
        badge: null,
      },
    },
  ];
  for (const mission of missions)
    await insertMission(tx, derivedId('demo', 'mission', mission.key), mission.input, mission.hubId, null, now);
}
