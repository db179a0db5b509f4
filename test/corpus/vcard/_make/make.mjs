// Writes this folder's corpus files and their X.expect.json, byte-exact (explicit \u escapes, CRLF where
// the layout has it). Run: node test/corpus/<folder>/_make/make.mjs. The expectations below are written by
// reading each file as a person would; nothing here imports Ferry's src/.
import { lines, write } from '../../kakaotalk/_make/lib.mjs';

const D = 'vcard';
const out = [];
const file = (name, content, expect) => { write(D, name, content, expect); out.push(name); };
const CRLF = { eol: '\r\n' };

// V1 ---------------------------------------------------------------------------------------------
file('v21-android-agent-nested.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=EA=B9=80;=EB=AF=BC=EC=A7=80;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=EA=B9=80=EB=AF=BC=EC=A7=80',
  'TEL;CELL;PREF:010-1234-5678',
  'EMAIL;HOME:minji@example.com',
  'AGENT:',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:Park;Joon;;;',
  'FN:Joon Park',
  'TEL;WORK;VOICE:+82-2-555-1234',
  'END:VCARD',
  'NOTE:Assistant above',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:Lee;Sora;;;',
  'FN:Sora Lee',
  'TEL;HOME:02-555-0000',
  'END:VCARD',
], CRLF), {
  about: 'vCard 2.1 as Android writes it, CRLF: quoted-printable UTF-8 name, an AGENT whose value is a whole nested card on the following lines (BEGIN:VCARD … END:VCARD) with the outer card going on after it (NOTE), then a second card; the outer card is read whole and the nested one kept as its own contact or in the outer card\'s notes',
  source: 'issue 16 class 7; vCard 2.1 specification (versit 1996) §2.5.4 AGENT; AOSP VCardParser_V21 refuses it (VCardAgentNotSupportedException), see SOURCES.md',
  language: 'ko', platform: 'vcard-2.1', year: 2012,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: { min: 2, max: 3 },
  contactSamples: [
    { displayName: '김민지', fields: { name: { family: '김', given: '민지' }, phones: [{ value: '010-1234-5678' }], emails: [{ value: 'minji@example.com' }] }, notesInclude: ['Assistant above'] },
    { displayName: 'Joon Park', fields: { phones: [{ value: '+82-2-555-1234' }] }, orInNotesOf: '김민지' },
    { displayName: 'Sora Lee', fields: { phones: [{ value: '02-555-0000' }] } },
  ],
});

// V2 ---------------------------------------------------------------------------------------------
file('v21-agent-inline-begin.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N:Friday;Fred',
  'FN:Fred Friday',
  'TEL;WORK;VOICE:+1-213-555-1234',
  'AGENT:BEGIN:VCARD',
  'VERSION:2.1',
  'N:Helper;Holly',
  'FN:Holly Helper',
  'TEL;WORK;FAX:+1-213-555-5678',
  'END:VCARD',
  'EMAIL;INTERNET:fred@example.com',
  'NOTE:call before noon',
  'END:VCARD',
]), {
  about: 'vCard 2.1 with the nested card started on the AGENT line itself ("AGENT:BEGIN:VCARD"), LF: the nested card\'s N, FN and TEL must not overwrite the outer card\'s, and the outer card goes on after the nested END:VCARD (EMAIL, NOTE)',
  source: 'parsers that handle "AGENT:BEGIN:VCARD" lines (a PHP vCard parser, Qt Versit tests), vCard 2.1 specification §2.5.4, see SOURCES.md',
  language: 'en', platform: 'vcard-2.1', year: 2010,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: { min: 1, max: 2 },
  contactSamples: [
    { displayName: 'Fred Friday', fields: { name: { family: 'Friday', given: 'Fred' }, phones: [{ value: '+1-213-555-1234' }], emails: [{ value: 'fred@example.com' }] }, notesInclude: ['call before noon'] },
    { displayName: 'Holly Helper', fields: { phones: [{ value: '+1-213-555-5678' }] }, orInNotesOf: 'Fred Friday' },
  ],
});

// V3 ---------------------------------------------------------------------------------------------
file('v30-agent-escaped-rfc2426.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Public;John;Quinlan;Mr.;Esq.',
  'FN:Mr. John Q. Public\\, Esq.',
  'TEL;TYPE=WORK,VOICE:+1-919-555-1212',
  'AGENT:BEGIN:VCARD\\nFN:Susan Thomas\\nTEL:+1-919-555-',
  ' 1234\\nEMAIL\\;INTERNET:sthomas@host.com\\nEND:VCARD\\n',
  'END:VCARD',
], CRLF), {
  about: 'vCard 3.0 AGENT as RFC 2426 §3.5.4 writes it: the nested card is one escaped text value (\\n for line breaks, \\; in the parameter) folded over two lines; the outer card is read and the agent kept as a contact or in its notes',
  source: 'RFC 2426 §3.5.4 example; AOSP VCardParserImpl_V30 handleAgent comment quoting it, see SOURCES.md',
  language: 'en', platform: 'vcard-3.0', year: 1998,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: { min: 1, max: 2 },
  contactSamples: [
    { displayName: 'Mr. John Q. Public, Esq.', fields: { name: { family: 'Public', given: 'John', additional: 'Quinlan', prefix: 'Mr.', suffix: 'Esq.' }, phones: [{ value: '+1-919-555-1212', types: ['work', 'voice'] }] } },
    { displayName: 'Susan Thomas', fields: { phones: [{ value: '+1-919-555-1234' }] }, orInNotesOf: 'Mr. John Q. Public, Esq.' },
  ],
});

// V4 ---------------------------------------------------------------------------------------------
file('v30-iphone-2023-labels.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//iPhone OS 16.5//EN',
  'N:Tanaka;Yui;;;',
  'FN:Yui Tanaka',
  'item1.TEL;type=pref:+81 90-1234-5678',
  'item1.X-ABLabel:_$!<Mobile>!$_',
  'item2.EMAIL;type=INTERNET:yui@example.jp',
  'item2.X-ABLabel:school',
  'NOTE:met at the 2023 conference\\, Kyoto\\nbring the slides',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'PRODID:-//Apple Inc.//iPhone OS 16.5//EN',
  'N:;;;;',
  'FN:Pizza Place',
  'ORG:Pizza Place;',
  'TEL;type=WORK;type=VOICE;type=pref:+1 (555) 010-9999',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  "N:O'Neil;Seán;;;",
  "FN:Seán O'Neil",
  'TEL;type=CELL:+353 87 123 4567',
  'CATEGORIES:friends,ireland',
  'END:VCARD',
], CRLF), {
  about: 'vCard 3.0 from an iPhone, 2023, CRLF: item1./item2. groups with X-ABLabel (Apple\'s _$!<Mobile>!$_ and a typed label), repeated type= parameters, an escaped NOTE with a line break, a business card with an empty N, CATEGORIES',
  source: 'AOSP tests/res/raw/v30_ios_613_multiline.vcf and ez-vcard John_Doe_GMAIL.vcf (item groups, labels) in shared/samples/contacts, see SOURCES.md',
  language: 'en', platform: 'vcard-3.0', year: 2023,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: 3,
  contactSamples: [
    { displayName: 'Yui Tanaka', fields: { phones: [{ value: '+81 90-1234-5678', label: 'Mobile' }], emails: [{ value: 'yui@example.jp', label: 'school' }], notes: 'met at the 2023 conference, Kyoto\nbring the slides' } },
    { displayName: 'Pizza Place', fields: { phones: [{ value: '+1 (555) 010-9999' }] } },
    { displayName: "Seán O'Neil", fields: { phones: [{ value: '+353 87 123 4567', types: ['cell'] }], groups: ['friends', 'ireland'] } },
  ],
});

// V5 ---------------------------------------------------------------------------------------------
file('v40-rfc6350-uri-values.vcf', lines([
  'BEGIN:VCARD',
  'VERSION:4.0',
  'KIND:individual',
  'UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1',
  'FN:Simon Perreault',
  'N:Perreault;Simon;;;ing. jr,M.Sc.',
  'TEL;VALUE=uri;TYPE="work,voice";PREF=1:tel:+1-418-262-6501',
  'EMAIL;TYPE=work:simon.perreault@viagenie.ca',
  'LANG;PREF=1:fr',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'FN:Zoë Ångström',
  'TEL;VALUE=uri;TYPE=cell:tel:+46-8-123-456',
  'IMPP;PREF=1:xmpp:zoe@example.org',
  'END:VCARD',
]), {
  about: 'vCard 4.0 (RFC 6350), LF only: tel: URI values with a quoted TYPE list and PREF, a urn:uuid UID, a card with no N and non-ASCII letters, IMPP',
  source: 'RFC 6350 §8 example (Simon Perreault); ez-vcard rfc6350-example.vcf in shared/samples/contacts, see SOURCES.md',
  language: 'en', platform: 'vcard-4.0', year: 2024,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: 2,
  contactSamples: [
    { displayName: 'Simon Perreault', fields: { phones: [{ value: '+1-418-262-6501' }], emails: [{ value: 'simon.perreault@viagenie.ca' }] } },
    { displayName: 'Zoë Ångström', fields: { phones: [{ value: '+46-8-123-456' }] } },
  ],
});

// V6 ---------------------------------------------------------------------------------------------
file('mixed-2.1-3.0-bom-qp-soft-break.vcf', '\ufeff' + lines([
  'BEGIN:VCARD',
  'VERSION:2.1',
  'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=B6rg;;;',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=B6rg M=C3=BCller',
  'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Erster Teil, der so lang ist, dass das Telefon ihn=',
  ' umbricht',
  'TEL;CELL:+49 151 2345678',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'FN:Ana Souza',
  'N:Souza;Ana;;;',
  'TEL;TYPE=CELL:+55 11 91234-5678',
  'END:VCARD',
], CRLF), {
  about: 'One .vcf holding a vCard 2.1 and a 3.0 card, with a UTF-8 BOM and CRLF: quoted-printable UTF-8 umlauts and a soft line break ("=" at the end) whose next line starts with a space that belongs to the text',
  source: 'ez-vcard John_Doe_ANDROID.vcf (QP soft breaks) in shared/samples/contacts; Ferry\'s vCard README quirks table, see SOURCES.md',
  language: 'de', platform: 'vcard-mixed', year: 2013,
  detection: { format: 'vcard' },
  messages: 0,
  contacts: 2,
  contactSamples: [
    { displayName: 'Jörg Müller', fields: { name: { family: 'Müller', given: 'Jörg' }, phones: [{ value: '+49 151 2345678' }], notes: 'Erster Teil, der so lang ist, dass das Telefon ihn umbricht' } },
    { displayName: 'Ana Souza', fields: { phones: [{ value: '+55 11 91234-5678' }] } },
  ],
});

console.log(out.length, 'vcard files');
