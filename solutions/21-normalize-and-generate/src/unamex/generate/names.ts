// Where the generator's words come from: @faker-js/faker's name lists for three locales, and one
// Faker instance seeded once, whose generator (a Mersenne Twister) is the only source of randomness
// the generator uses. The same seed and the same faker version (pinned in pnpm-lock.yaml) give the
// same names, in the same order, on every machine.
import { base, de, en, Faker, ru } from "@faker-js/faker";

/** The words of one locale: first names, last names, and words people put in usernames. */
export interface NamePool {
  locale: string;
  firstNames: readonly string[];
  lastNames: readonly string[];
  words: readonly string[];
}

type Definitions = Faker["definitions"];

function pool(locale: string, definitions: Definitions): NamePool {
  const person = definitions.person;
  const words = definitions.word;
  const all = (lists: Record<string, readonly string[] | undefined> | undefined) =>
    [...new Set(Object.values(lists ?? {}).flatMap((list) => list ?? []))].sort();
  return {
    locale,
    firstNames: all(person?.first_name),
    lastNames: all(person?.last_name),
    words: [...new Set([...(words?.adjective ?? []), ...(words?.noun ?? [])])].filter((w) => /^[a-z]+$/.test(w)).sort(),
  };
}

/** Name pools by locale. English words stand in for the locales without their own. */
export function namePools(): NamePool[] {
  const english = new Faker({ locale: [en, base] }).definitions;
  return [
    pool("en", english),
    { ...pool("de", new Faker({ locale: [de, en, base] }).definitions), words: pool("en", english).words },
    { ...pool("ru", new Faker({ locale: [ru, en, base] }).definitions), words: pool("en", english).words },
  ];
}

/** A uniform number in [0, 1) from a Faker seeded with `seed`: the generator's one random source. */
export function seededFaker(seed: number): { random: () => number; shuffle: <T>(items: readonly T[]) => T[] } {
  const faker = new Faker({ locale: [en, base], seed });
  return { random: () => faker.number.float(), shuffle: (items) => faker.helpers.shuffle([...items]) };
}
