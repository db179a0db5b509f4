// The corpus shape lives beside the generator that makes corpora (src/generate/corpus.ts).
export type { Corpus, CorpusAccount, CorpusContact, CorpusConversation, CorpusMessage, CorpusProfile, Side } from '../../src/generate/corpus.js';
