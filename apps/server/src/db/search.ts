import { badInput } from '../errors.js';

/** The words of a search box (1 to 10 words, at most 200 characters), else BAD_USER_INPUT naming `field`. */
export function searchWords(search: string, field: string): string[] {
  const words = search.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) throw badInput(field, 'must contain a word');
  if (words.length > 10 || search.length > 200) throw badInput(field, 'must be at most 10 words and 200 characters');
  return words;
}

/** `%word%` for ILIKE, with the pattern characters of the word escaped (the trigram indexes serve it). */
export function containsPattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
