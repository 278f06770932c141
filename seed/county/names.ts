// Place names for the county generator: townships (…镇/…乡) and villages (…村/…社区) that read like a county in
// the North China plain, each village with a latin code spelled in pinyin as the demo's are (王家庄村 →
// wangjiazhuang). Every name is built from parts whose pinyin is known, so a code never needs a dictionary.
import { chance, pick, type Random } from '../random'

type Part = readonly [hanzi: string, pinyin: string]

const TOWNSHIPS = [
  '城关镇',
  '青石镇',
  '柳河镇',
  '马坊镇',
  '白沙镇',
  '龙泉镇',
  '石桥镇',
  '杨集镇',
  '黄庄乡',
  '大王庄乡',
  '高店镇',
  '新集镇',
  '双河镇',
  '三里河乡',
  '古城镇',
  '官庄镇',
  '李家寨乡',
  '枣林乡',
  '东岭镇',
  '西湖镇',
  '南河镇',
  '北山乡',
  '桃源镇',
  '杏花乡',
  '梨园镇',
  '松林乡',
  '金沟镇',
  '卧龙镇',
  '凤凰镇',
  '太平镇',
  '永安乡',
  '长乐镇',
  '兴隆镇',
  '安乐乡',
  '沙河镇',
  '黄土岭乡',
  '白杨镇',
  '槐树乡',
  '花园镇',
  '云台镇',
  '青龙镇',
  '白马镇',
  '红旗乡',
  '丰收乡',
  '大营镇',
  '小营乡',
  '辛庄镇',
  '孙集乡',
  '韩村镇',
  '刘桥镇',
] as const

const SURNAMES: Part[] = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['朱', 'zhu'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
  ['高', 'gao'],
  ['林', 'lin'],
  ['罗', 'luo'],
  ['郑', 'zheng'],
  ['梁', 'liang'],
  ['谢', 'xie'],
  ['宋', 'song'],
  ['唐', 'tang'],
  ['韩', 'han'],
  ['冯', 'feng'],
  ['邓', 'deng'],
  ['曹', 'cao'],
  ['彭', 'peng'],
  ['田', 'tian'],
  ['董', 'dong'],
  ['潘', 'pan'],
  ['袁', 'yuan'],
  ['蒋', 'jiang'],
  ['杜', 'du'],
  ['程', 'cheng'],
  ['魏', 'wei'],
  ['苏', 'su'],
  ['丁', 'ding'],
  ['任', 'ren'],
  ['姚', 'yao'],
  ['崔', 'cui'],
  ['范', 'fan'],
  ['石', 'shi'],
  ['贾', 'jia'],
  ['孟', 'meng'],
  ['秦', 'qin'],
  ['侯', 'hou'],
  ['薛', 'xue'],
  ['段', 'duan'],
  ['雷', 'lei'],
  ['史', 'shi'],
  ['郝', 'hao'],
  ['邵', 'shao'],
  ['钱', 'qian'],
  ['孔', 'kong'],
  ['常', 'chang'],
  ['牛', 'niu'],
  ['葛', 'ge'],
]

const SUFFIXES: Part[] = [
  ['家庄', 'jiazhuang'],
  ['家庄', 'jiazhuang'],
  ['庄', 'zhuang'],
  ['庄', 'zhuang'],
  ['集', 'ji'],
  ['屯', 'tun'],
  ['店', 'dian'],
  ['营', 'ying'],
  ['洼', 'wa'],
  ['楼', 'lou'],
  ['寨', 'zhai'],
  ['岗', 'gang'],
  ['湾', 'wan'],
  ['家坊', 'jiafang'],
  ['家河', 'jiahe'],
  ['家沟', 'jiagou'],
  ['家峪', 'jiayu'],
  ['家堡', 'jiabao'],
  ['桥', 'qiao'],
  ['官庄', 'guanzhuang'],
  ['辛庄', 'xinzhuang'],
  ['家洼', 'jiawa'],
  ['家屯', 'jiatun'],
]

const PREFIXES: Part[] = [
  ['东', 'dong'],
  ['西', 'xi'],
  ['南', 'nan'],
  ['北', 'bei'],
  ['前', 'qian'],
  ['后', 'hou'],
  ['大', 'da'],
  ['小', 'xiao'],
  ['上', 'shang'],
  ['下', 'xia'],
  ['中', 'zhong'],
]

const SCENIC: Part[] = [
  ['红星', 'hongxing'],
  ['向阳', 'xiangyang'],
  ['胜利', 'shengli'],
  ['新华', 'xinhua'],
  ['光明', 'guangming'],
  ['和平', 'heping'],
  ['团结', 'tuanjie'],
  ['幸福', 'xingfu'],
  ['建设', 'jianshe'],
  ['东风', 'dongfeng'],
  ['柳树屯', 'liushutun'],
  ['杨树', 'yangshu'],
  ['桃园', 'taoyuan'],
  ['梨园', 'liyuan'],
  ['河东', 'hedong'],
  ['河西', 'hexi'],
  ['青石', 'qingshi'],
  ['白杨', 'baiyang'],
  ['槐树', 'huaishu'],
  ['枣林', 'zaolin'],
  ['杏园', 'xingyuan'],
  ['石门', 'shimen'],
  ['龙泉', 'longquan'],
  ['凤凰', 'fenghuang'],
  ['双井', 'shuangjing'],
  ['三里', 'sanli'],
  ['五里', 'wuli'],
  ['八里', 'bali'],
  ['沙河', 'shahe'],
  ['黄土', 'huangtu'],
  ['松林', 'songlin'],
  ['金沟', 'jingou'],
  ['卧龙', 'wolong'],
  ['清泉', 'qingquan'],
  ['富民', 'fumin'],
  ['兴隆', 'xinglong'],
  ['永安', 'yongan'],
  ['长乐', 'changle'],
  ['太平', 'taiping'],
  ['安乐', 'anle'],
  ['前进', 'qianjin'],
  ['红旗', 'hongqi'],
  ['丰收', 'fengshou'],
  ['大柳树', 'daliushu'],
  ['小河', 'xiaohe'],
]

const COMMUNITIES: Part[] = [
  ['北关', 'beiguan'],
  ['南关', 'nanguan'],
  ['东关', 'dongguan'],
  ['西关', 'xiguan'],
  ['城北', 'chengbei'],
  ['城南', 'chengnan'],
  ['新城', 'xincheng'],
  ['文化', 'wenhua'],
  ['解放', 'jiefang'],
  ['人民', 'renmin'],
  ['府前', 'fuqian'],
  ['车站', 'chezhan'],
  ['振兴', 'zhenxing'],
  ['滨河', 'binhe'],
  ['花园', 'huayuan'],
  ['锦绣', 'jinxiu'],
  ['阳光', 'yangguang'],
  ['育才', 'yucai'],
]

/** `count` distinct township names; the pool first (in a seeded order), then names built from the parts. */
export function townshipNames(random: Random, count: number): string[] {
  const pool: string[] = [...TOWNSHIPS]
  // Fisher–Yates with the seeded PRNG, keeping 城关镇 (the county seat) first
  for (let i = pool.length - 1; i > 1; i--) {
    const j = 1 + Math.floor(random() * i)
    ;[pool[i], pool[j]] = [pool[j], pool[i]]
  }
  const names = pool.slice(0, count)
  const used = new Set(names)
  while (names.length < count) {
    const name = `${pick(random, SURNAMES)[0]}${pick(random, SUFFIXES)[0]}${chance(random, 0.7) ? '镇' : '乡'}`
    if (!used.has(name)) {
      used.add(name)
      names.push(name)
    }
  }
  return names
}

export interface PlaceName {
  name: string
  code: string
  kind: 'village' | 'community'
}

/** `count` villages of one township: names unique in the township, codes unique too; a few are communities. */
export function villageNames(random: Random, count: number): PlaceName[] {
  const names = new Set<string>()
  const codes = new Set<string>()
  const places: PlaceName[] = []
  let attempts = 0
  while (places.length < count) {
    attempts++
    let kind: PlaceName['kind'] = 'village'
    let parts: Part[]
    const roll = random()
    if (roll < 0.08) {
      kind = 'community'
      parts = [pick(random, COMMUNITIES), ['社区', '']]
    } else if (roll < 0.3) {
      parts = [pick(random, SCENIC), ['村', '']]
    } else {
      parts = [pick(random, SURNAMES), pick(random, SUFFIXES), ['村', '']]
      if (chance(random, 0.2)) parts.unshift(pick(random, PREFIXES))
    }
    const name = parts.map((p) => p[0]).join('')
    // past a few thousand draws the pools are exhausted for this township: number the rest
    const finalName = attempts > 5000 ? `${name.replace(/(村|社区)$/, '')}${places.length + 1}${kind === 'community' ? '社区' : '村'}` : name
    if (names.has(finalName)) continue
    let code = parts.map((p) => p[1]).join('')
    if (attempts > 5000) code += String(places.length + 1)
    for (let n = 2; codes.has(code); n++) code = `${parts.map((p) => p[1]).join('')}${n}`
    names.add(finalName)
    codes.add(code)
    places.push({ name: finalName, code, kind })
  }
  return places
}
