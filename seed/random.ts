// A small deterministic PRNG (mulberry32) and the name pools the generators draw from, so that the same seed
// always builds the same township and tests can rely on it.
import { mulberry32 } from '../workflows/rules/countySample'
import { makeIdNumber } from '../workflows/rules/idNumber'

export type Random = () => number

/** The county sample's generator (workflows/rules/countySample.ts), so the demo and the draw share one mulberry32. */
export function createRandom(seed: number): Random {
  return mulberry32(seed)
}

export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]
}

export function chance(random: Random, p: number): boolean {
  return random() < p
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文'
const GIVEN = '秀英桂兰玉凤建国建华志强春梅海燕明亮国庆淑珍文华德胜秀珍玉兰金凤永刚红霞立新卫东学军晓梅凤英桂芝长山振华翠花玉芳福贵来顺宝山淑兰金花'

export function personName(random: Random): string {
  const surname = SURNAMES[Math.floor(random() * SURNAMES.length)]
  const pairs = GIVEN.length / 2
  const i = Math.floor(random() * pairs)
  const given = GIVEN.slice(i * 2, i * 2 + 2)
  return chance(random, 0.15) ? surname + given[0] : surname + given
}

/** A valid 18-digit ID number for someone born between 1935 and 2005; unique per (region, sequence). */
export function idNumberFor(random: Random, region: string, sequence: number): string {
  const year = intBetween(random, 1935, 2005)
  const month = intBetween(random, 1, 12)
  const day = intBetween(random, 1, 28)
  const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`
  return makeIdNumber(region, birth, sequence % 1000)
}
