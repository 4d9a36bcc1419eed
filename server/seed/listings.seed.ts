import { meetsLevel } from '../modules/listings/listings.policy.js';
import type { BulkListing } from '../modules/listings/listings.service.js';
import { DEFAULT_CATEGORIES } from '../modules/listings/taxonomy.js';
import type { SeedContext, SeedStep } from './seed.js';

type Kind = BulkListing['kind'];
/** [category, kind, title, description, tags] as residents of 禅城 write them. */
type Phrase = [string, Kind, string, string, string[]];

const OFFERS: Phrase[] = [
  [
    'plumbing',
    'skill',
    '水管龙头维修，楼里邻居优先',
    '龙头滴水、角阀漏水、花洒换新这些小活都能搞，自己带扳手和生料带',
    ['水管', '龙头', '漏水'],
  ],
  [
    'plumbing',
    'service',
    '通下水道 马桶堵 厨房下水',
    '下班后可以上门通下水，有电动疏通机，马桶堵、洗手盆堵都做过',
    ['下水道', '马桶', '疏通'],
  ],
  [
    'electrical',
    'skill',
    '换插座、装灯、查跳闸',
    '做了二十年电工，老房子跳掣、插座松脱、灯唔着都可以睇下',
    ['插座', '跳闸', '电工'],
  ],
  [
    'appliance_repair',
    'skill',
    '小家电维修：电饭煲 风扇 电磁炉',
    '退休前在家电厂做维修，电饭煲唔跳掣、风扇唔转拎过来就得',
    ['电饭煲', '风扇', '小家电'],
  ],
  [
    'appliance_repair',
    'service',
    '空调清洗加氟',
    '冷气唔凉、有异味可以帮手洗，加雪种要另外买',
    ['空调', '清洗', '加氟'],
  ],
  [
    'furniture_repair',
    'skill',
    '家具组装 挂电视 打孔',
    '宜家家具组装、柜门铰链松、挂电视打孔，自己有冲击钻',
    ['组装', '打孔', '挂电视'],
  ],
  [
    'computer_help',
    'skill',
    '电脑重装系统、清病毒',
    '电脑变慢、开唔到机可以帮手睇，顺便教下备份照片',
    ['电脑', '重装系统', '备份'],
  ],
  [
    'bike_repair',
    'skill',
    '单车补胎换链条',
    '楼下空地周末修单车，补胎、调刹车、上油都得',
    ['单车', '补胎', '刹车'],
  ],
  [
    'sewing',
    'skill',
    '改裤脚 换拉链 补衫',
    '家里有车衣机，校服改裤脚、羽绒服换拉链都做',
    ['改裤脚', '拉链', '缝补'],
  ],
  [
    'elderly_companion',
    'time',
    '周末陪长者倾偈、下象棋',
    '退休教师，周末得闲可以去探访独居长者，陪饮茶下棋',
    ['陪伴', '下棋', '独居'],
  ],
  [
    'elderly_care',
    'service',
    '照顾卧床老人 替班半天',
    '做过护工，识翻身擦身喂饭，家属想抖下可以搵我替班',
    ['照护', '卧床', '替班'],
  ],
  [
    'child_care',
    'service',
    '放学接送 + 托管到六点',
    '住小学对面，可以帮手接放学，喺屋企做功课到家长收工',
    ['接送', '托管', '放学'],
  ],
  [
    'homework_help',
    'skill',
    '小学数学英语作业辅导',
    '大学生暑假在家，晚上可以辅导小学数学和英语',
    ['数学', '英语', '辅导'],
  ],
  ['pet_care', 'service', '上门喂猫铲屎', '出差旅游唔使惊，每日上门喂猫换水铲猫砂', ['喂猫', '铲屎', '上门']],
  [
    'medical_escort',
    'service',
    '陪长者去一院睇医生',
    '熟悉一院同中医院流程，可以陪挂号排队拎药',
    ['陪诊', '医院', '挂号'],
  ],
  [
    'errands',
    'service',
    '跑腿代买菜、取快递',
    '每日早上去街市，顺路帮手买菜、拎快递上楼',
    ['跑腿', '买菜', '快递'],
  ],
  [
    'calligraphy',
    'skill',
    '周末书法班 写挥春',
    '教小朋友同长者写毛笔字，过年一齐写挥春',
    ['书法', '毛笔字', '挥春'],
  ],
  [
    'painting',
    'skill',
    '儿童画、水彩入门',
    '美院毕业，可以教小朋友画画，材料自备',
    ['儿童画', '水彩', '美术'],
  ],
  [
    'music',
    'skill',
    '钢琴启蒙 吉他弹唱',
    '教钢琴十年，启蒙同考级都得，亦可以教吉他',
    ['钢琴', '吉他', '启蒙'],
  ],
  [
    'language',
    'skill',
    '英语口语角 / 粤语教学',
    '每周三晚社区活动室英语口语角，新佛山人想学粤语都欢迎',
    ['英语', '口语', '粤语'],
  ],
  ['dance', 'skill', '广场舞 扇子舞 带队', '每晚七点半喺广场带跳，新手慢慢学', ['广场舞', '扇子舞', '跳舞']],
  [
    'cooking_class',
    'skill',
    '教整虾饺、双皮奶',
    '顺德人，识整点心同糖水，可以来厨房一齐学',
    ['虾饺', '双皮奶', '点心'],
  ],
  [
    'smartphone_class',
    'skill',
    '教长者用智能手机',
    '教微信视频、扫码、网上挂号、防诈骗，慢慢教唔使急',
    ['智能手机', '微信', '防诈骗'],
  ],
  [
    'health_check',
    'service',
    '社区护士义测血压血糖',
    '每周六上午喺居委会义测血压血糖，顺便睇下化验单',
    ['血压', '血糖', '义测'],
  ],
  ['massage', 'skill', '肩颈推拿 艾灸', '学过中医推拿，肩颈痛、腰背酸可以帮手松下', ['推拿', '肩颈', '艾灸']],
  [
    'fitness',
    'skill',
    '晨练太极、八段锦',
    '每朝六点半公园带练太极同八段锦，长者优先',
    ['太极', '八段锦', '晨练'],
  ],
  [
    'mental_support',
    'time',
    '倾听陪伴，心事可以倾',
    '社工背景，有压力、失眠、唔开心可以搵我倾下',
    ['倾听', '压力', '心理'],
  ],
  [
    'cleaning',
    'service',
    '大扫除、抹窗、厨房除油污',
    '钟点清洁，年底大扫除、抹窗、厨房油污都得',
    ['打扫', '抹窗', '油污'],
  ],
  [
    'cooking',
    'service',
    '帮长者煮饭送餐',
    '每日煮两餸一汤，可以多煮一份送去独居长者屋企',
    ['送餐', '做饭', '两餸一汤'],
  ],
  [
    'moving_help',
    'service',
    '搬屋搬大件 有面包车',
    '有面包车，搬屋、搬雪柜洗衣机、拉旧家私都可以',
    ['搬家', '面包车', '大件'],
  ],
  [
    'gardening',
    'skill',
    '阳台种菜、盆栽换盆',
    '天台种咗十年菜，可以教种菜同帮手换盆剪枝',
    ['种菜', '盆栽', '换盆'],
  ],
  [
    'haircut',
    'service',
    '上门帮长者飞发',
    '退休理发师傅，行动唔方便嘅长者可以上门剪头发',
    ['理发', '上门', '长者'],
  ],
  [
    'book_sharing',
    'item',
    '绘本、小说、教辅借阅',
    '屋企有几百本绘本同小说，欢迎来借，看完还就得',
    ['绘本', '小说', '借书'],
  ],
  [
    'tool_lending',
    'item',
    '借电钻、人字梯、工具箱',
    '工具齐全，借用记得还，唔收钱',
    ['电钻', '梯子', '工具箱'],
  ],
  [
    'toy_sharing',
    'item',
    '乐高积木、拼图交换',
    '小朋友大咗，乐高同拼图想同邻居交换或者送出',
    ['乐高', '积木', '拼图'],
  ],
  [
    'baby_items',
    'item',
    'BB车、婴儿床送出',
    '宝宝大咗，推车同婴儿床九成新，有需要嘅拎走',
    ['婴儿车', '婴儿床', '宝宝'],
  ],
  [
    'sports_gear',
    'item',
    '羽毛球拍、瑜伽垫借用',
    '羽毛球拍两副、瑜伽垫三张，周末可以借',
    ['羽毛球拍', '瑜伽垫'],
  ],
  [
    'kitchenware',
    'item',
    '打边炉锅、焗炉借用',
    '过节请客可以借火锅同焗炉，用完洗干净还',
    ['火锅', '烤箱', '借用'],
  ],
  ['clothing', 'item', '校服、童装送出', '小学校服同童装，洗干净咗，合身就拎走', ['校服', '童装']],
  [
    'legal_advice',
    'skill',
    '社区律师：租房押金、劳动纠纷',
    '执业律师，每月两次义务咨询，租房押金、工资拖欠都可以问',
    ['律师', '租房', '劳动纠纷'],
  ],
  [
    'photography',
    'service',
    '帮长者影全家福、寿照',
    '有单反，节日可以上门影全家福同寿照',
    ['全家福', '寿照', '拍照'],
  ],
  [
    'event_help',
    'time',
    '社区活动布置、签到',
    '得闲可以帮手搞活动布置、签到、搬台凳',
    ['活动', '志愿者', '签到'],
  ],
  [
    'translation',
    'skill',
    '英文翻译：成绩单、简历',
    '英语专业，留学材料、简历可以帮手翻译',
    ['翻译', '英文翻译', '简历'],
  ],
];

const NEEDS: Phrase[] = [
  [
    'plumbing',
    'service',
    '厨房水喉关唔紧',
    '厨房个水喉拧到尽都仲系滴滴滴，夜晚瞓觉都听到，周六早上得闲',
    ['水龙头', '滴水'],
  ],
  ['plumbing', 'service', '厕所冲唔落', '马桶好似塞咗，冲水冲唔落，想搵人上门通下', ['马桶', '堵塞']],
  ['electrical', 'service', '屋企成日跳掣', '一开热水器就跳掣，老房子想搵电工睇下线路', ['跳闸', '线路']],
  ['appliance_repair', 'service', '雪柜唔冻', '雪柜冷藏室唔够凉，想搵人睇下系咪要加雪种', ['冰箱', '制冷']],
  ['appliance_repair', 'service', '冷气滴水', '房间冷气一直滴水，唔知系咪要洗', ['空调', '滴水']],
  [
    'furniture_repair',
    'service',
    '衣柜门甩咗',
    '衣柜门铰链松咗成块门跌落嚟，想搵人帮手装返',
    ['柜门', '铰链'],
  ],
  ['computer_help', 'service', '电脑开唔到机', '屋企电脑开机黑屏，入面有好多相想救返', ['电脑', '备份']],
  [
    'elderly_companion',
    'time',
    '想有人陪阿爸倾下偈',
    '阿爸一个人住，日日对住电视，想有街坊周末陪佢饮茶',
    ['陪伴', '独居'],
  ],
  [
    'medical_escort',
    'service',
    '陪阿妈去一院复诊',
    '下周三上午阿妈去一院复诊，我返工走唔开',
    ['陪诊', '复诊'],
  ],
  [
    'child_care',
    'service',
    '下午四点半接小朋友放学',
    '双职工，想搵人帮手接一年级仔放学，托管到六点',
    ['接送', '托管'],
  ],
  [
    'homework_help',
    'service',
    '初二数学几何唔识',
    '仔仔几何题成日唔识做，想搵人晚上辅导下',
    ['数学', '几何'],
  ],
  ['pet_care', 'service', '国庆出门要人喂猫', '十月一号到五号出门，想请邻居上门喂猫铲屎', ['喂猫', '上门']],
  ['errands', 'service', '帮手买菜送上楼', '腿脚唔方便，想请人每周两次帮手买菜送上七楼', ['买菜', '跑腿']],
  [
    'smartphone_class',
    'service',
    '想学用手机视频通话',
    '阿婆想同外地嘅孙视频，唔识用微信',
    ['微信', '视频通话'],
  ],
  ['cleaning', 'service', '年尾大扫除要人帮手', '屋企三房两厅，想请人帮手抹窗同洗厨房', ['打扫', '抹窗']],
  ['moving_help', 'service', '搬雪柜落楼', '换新雪柜，旧嘅要搬落楼，冇电梯', ['搬运', '大件']],
  ['haircut', 'service', '卧床阿爷要剪头发', '阿爷卧床出唔到门，想搵师傅上门飞发', ['理发', '上门']],
  ['legal_advice', 'service', '业主唔退押金点算', '租约到期业主扣住押金唔退，想问下点处理', ['押金', '租房']],
  ['tool_lending', 'item', '借电钻打两个孔', '想挂幅画，借电钻用半个钟', ['电钻', '借用']],
  ['baby_items', 'item', '想借安全座椅', '下个月带宝宝返乡下，想借安全座椅用一个星期', ['安全座椅', '宝宝']],
  ['language', 'skill', '想学粤语同街坊倾偈', '刚搬来佛山，想学下广东话', ['粤语', '广东话']],
  ['music', 'skill', '小朋友想学钢琴启蒙', '五岁女儿想学钢琴，想搵附近老师启蒙', ['钢琴', '启蒙']],
  ['health_check', 'service', '帮阿爸量血压', '阿爸有高血压，想有人每周帮手量下记录', ['量血压', '血压']],
  ['cooking', 'service', '术后想有人送餐', '做完手术返屋企，两个星期唔方便煮饭', ['送餐', '术后']],
  ['photography', 'service', '想影一张全家福', '屋企老人八十大寿，想影张全家福', ['全家福', '寿照']],
];

const LEVELS = new Map(DEFAULT_CATEGORIES.map((c) => [c.key, c.requiredVerification as string]));
const levelOf = (category: string) => LEVELS.get(category) ?? 'phone';

const SLOTS: BulkListing['availability'] = [
  { day: 6, part: 'morning' },
  { day: 6, part: 'afternoon' },
  { day: 0, part: 'morning' },
  { day: 3, part: 'evening' },
  { day: 1, part: 'evening' },
];

/**
 * Offers and needs at the programme's scale: each seeded resident posts a few (realistic Chinese
 * phrases, Foshan Cantonese included) in their home community, spread over the last weeks.
 * Idempotent: when the seeded residents already have listings, nothing is added. Generated rows
 * go in through the bulk path (index terms included; no trust-log entries for demo data).
 */
export const listingsStep: SeedStep = {
  name: 'listings',
  async run(ctx: SeedContext) {
    const total = 40 * ctx.scale;
    const residents: { id: string; home: string; level: string }[] = [];
    for (let i = 0; i < total; i++) {
      const id = await ctx.services.directory.accountIdByPhone(`199${String(i).padStart(8, '0')}`);
      const person = id ? await ctx.services.directory.person(id) : undefined;
      if (person?.homeDivision)
        residents.push({ id: person.id, home: person.homeDivision, level: person.verification });
    }
    if (residents.length === 0) return { created: 0 };
    const existing = await ctx.db.kysely
      .selectFrom('listings')
      .select('id')
      .where(
        'owner_id',
        'in',
        residents.slice(0, 50).map((r) => r.id),
      )
      .limit(1)
      .execute();
    if (existing.length) return { created: 0 };
    for (const district of new Set(residents.map((r) => r.home.slice(0, 6))))
      await ctx.services.listings.ensureDefaultCategories(district);
    const now = Date.now();
    const items: BulkListing[] = [];
    for (const resident of residents) {
      const count = ctx.random.int(1, 4);
      for (let k = 0; k < count; k++) {
        const offer = ctx.random.chance(0.6);
        // An offer only in a category its poster may help in (child care needs someone seen in person).
        const phrases = offer ? OFFERS.filter(([key]) => meetsLevel(resident.level, levelOf(key))) : NEEDS;
        const [category, kind, title, description, tags] = ctx.random.pick(phrases);
        const slots = SLOTS.filter(() => ctx.random.chance(0.4));
        items.push({
          ownerId: resident.id,
          direction: offer ? 'offer' : 'need',
          kind,
          title,
          description,
          category,
          tags,
          divisionCode: resident.home,
          availability: slots,
          minutes: ctx.random.pick([30, 60, 90, 120]),
          alerts: offer && ctx.random.chance(0.5),
          createdAt: now - ctx.random.int(0, 20 * 86_400_000),
        });
      }
    }
    items.sort((a, b) => a.createdAt! - b.createdAt!);
    await ctx.services.listings.bulkInsert(items, (done, all) => ctx.onProgress(done, all, 'listings'));
    return { created: items.length };
  },
};
