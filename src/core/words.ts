// Words people type when they write a key by hand: English words of three letters and more, the
// vocabulary of configuration and testing, and the names around Pinecall. A value made mostly of them
// (`pk_test_shouldneverappear`, `your_api_key_here`) was written, not generated. Only words of 3+
// letters: shorter ones turn up in random text too often to say anything.
//
// Measured on random 20..64-character keys (scripts/fuzz-keys.mjs): these words cover on average under
// 10% of a random body and never half of it, so the list can grow without costing recall.

const WORDS = `
a about access account acme admin after again agent agents alpha all also and another any api app appear
application apps auth author back backend bad bar base baz beef before best beta big bill billing blah blank
bot box bug build but cafe call caller calls can cannot change changeme check cli client cloud code company
config conf copy cred creds credential credentials cursor custom dashboard data day dead debug deadbeef demo
deploy dev develop development default dir do doc docs does done dont dummy dev empty end env environment
error example expired fail fake false file fill final fix fixme foo foobar for from front frontend fun gen
generate get goes good hard hello here hidden host http https ignore insert internal invalid ipsum its just
keep key keys lab later let letmein live local localhost login lorem main make master may mine missing mock
more must my name need never new next nil nope not nothing now null number off old one only open ops org
other our out over own pass passcode password pinecall place placeholder please plus private prod
production project proj public put qux random real redacted remove replace replaceme required reset rest
right root run sample sandbox same secret secrets see server service session set setup should show smoke
some something stage staging start stub super sure system team temp test testing tests text that the then
there these thing this thru time todo token tokens top true try two type unit unknown update use used user
users using valid value values very voice want was web what when where which will with without word work
world wrong xxx yes yet you your yours zero
`;

/** Lower-case dictionary, 3+ letters. */
export const DICTIONARY: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter((w) => w.length >= 3));

/** Longest word length, to bound the search. */
export const LONGEST_WORD = Math.max(...[...DICTIONARY].map((w) => w.length));
