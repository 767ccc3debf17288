import type { DemoKind } from './demo-team.js';

/**
 * What the demo's customers and agents say. A customer's first message names a topic; the bots
 * recognise the topic from that message (topicOf) and answer in kind, so a conversation reads
 * like one. Billing topics belong to the Billing queue: a bot elsewhere hands them over.
 */

export interface Topic {
  key: string;
  subject: string;
  /** The queue that handles it best; a bot in another queue may hand the thread there. */
  queue: 'General' | 'Billing' | 'Social';
  openers: readonly string[];
  /** When an agent asked something: the customer's answer. */
  answers: readonly string[];
  /** An agent's question that needs the customer (the thread goes PENDING). */
  questions: readonly string[];
  /** An agent's answer that settles it. */
  solutions: readonly string[];
  /** A public mention that needs no answer: a bot resolves it without replying. */
  noReply?: boolean;
}

export const TOPICS: readonly Topic[] = [
  {
    key: 'late-order', subject: 'Where is my order?', queue: 'General',
    openers: ['Hi, my order #{n} still has not arrived. It was due on Monday.', 'Where is my parcel? Tracking has not moved in four days.',
      'Ordered a kettle last week (order {n}), nothing yet. Can you check?'],
    answers: ['The order number is {n}, delivery to 14 Elm Street.', 'It is {n}. I am home all day tomorrow if that helps.'],
    questions: ['Sorry about the wait! Could you confirm the order number and the delivery postcode?', 'Could you tell me the address it was meant to go to?'],
    solutions: ['Found it: the courier missed a scan. It is out for delivery today and you will get a text with the time slot.',
      'The parcel was held at the depot. We have re-sent it with next-day delivery at no charge.'],
  },
  {
    key: 'double-charge', subject: 'Charged twice', queue: 'Billing',
    openers: ['I was charged twice for my subscription this month. Please refund one of them.', 'Two payments of $29.99 on my card today. Why?',
      'My bank statement shows a duplicate charge from you (invoice {n}).'],
    answers: ['The last four digits are {d}. Both charges are dated the 3rd.', 'Invoice {n}, card ending {d}.'],
    questions: ['I am sorry about that. Could you send the last four digits of the card, so I can find both payments?',
      'Could you tell me the dates of both charges as your bank shows them?'],
    solutions: ['You are right, the second charge was a retry that should not have gone through. The refund is on its way: 3 to 5 working days.',
      'I have refunded the duplicate payment; you will see it on your statement within the week.'],
  },
  {
    key: 'invoice', subject: 'Invoice copy for my accountant', queue: 'Billing',
    openers: ['Can I get a copy of my invoice for last quarter? My accountant needs it.', 'I need a VAT invoice for order {n} with our company name on it.'],
    answers: ['The company is Hopper & Sons Ltd, VAT number GB{n}.', 'Please send it to this address, thanks.'],
    questions: ['Happy to. Which company name and VAT number should be on it?'],
    solutions: ['Done: the invoice is in your inbox now, with the company details.', 'I have sent the invoices for the last three months; they are also under Billing in your account.'],
  },
  {
    key: 'login', subject: 'Cannot log in', queue: 'General',
    openers: ['I cannot log in, it says my password is wrong but I just reset it.', 'Locked out of my account after the update. Help?',
      'The app keeps logging me out every few minutes.'],
    answers: ['I am on the iPhone app, version 4.2.', 'It happens on the website too, in Chrome.', 'Yes, I tried the reset link twice.'],
    questions: ['Sorry for the trouble! Are you on the app or the website, and which version?', 'Could you try the reset link once more and tell me what you see?'],
    solutions: ['I have cleared the lock on your account; the new password works now. Please sign out on other devices first.',
      'That was a known issue in 4.2; version 4.2.1 fixes it and is out today.'],
  },
  {
    key: 'return', subject: 'Return and refund', queue: 'General',
    openers: ['I want to return the jacket I bought, it is too small. How do I do that?', 'The blender arrived broken. I want a refund, not a replacement.'],
    answers: ['It is the large one, order {n}. The tags are still on.', 'Photos attached. The box was crushed too.'],
    questions: ['Of course. Could you send me the order number and a photo of the item?'],
    solutions: ['I have emailed you a prepaid return label; the refund goes out as soon as the courier scans the parcel.',
      'Refund approved: no need to send it back. It will reach your card in a few days.'],
  },
  {
    key: 'outage', subject: 'Service down?', queue: 'Social',
    openers: ['@switchboard is your service down? Nothing loads for me since this morning.', 'Anyone else getting errors from @switchboard right now?'],
    answers: ['I am in Berlin, on fibre. Still broken.', 'Works again now, thanks!'],
    questions: ['We are looking into it. Which city are you in, and which error do you see?'],
    solutions: ['It was a problem with one of our data centres and it is fixed now. Sorry for the disruption!',
      'All systems are back to normal. Thanks for your patience!'],
  },
  {
    key: 'praise', subject: 'Thanks!', queue: 'Social', noReply: true,
    openers: ['Shout-out to @switchboard support, fixed my problem in five minutes.', 'Loving the new app design @switchboard!'],
    answers: [], questions: [], solutions: [],
  },
];

/** For a first message not written from these lines (the seed's, a person's test): plain good service. */
export const GENERIC_TOPIC: Topic = {
  key: 'other', subject: 'Question', queue: 'General', openers: [], answers: ['Yes, that is right.', 'Thanks, that is all the detail I have.'],
  questions: ['Thanks for getting in touch! Could you tell me a little more, like an order number?'],
  solutions: ['Thanks for your patience: that is sorted now. Let us know if anything else comes up.', 'All done on our side; you should see the change within the hour.'],
};

const FOLLOW_UPS = ['Any news on this?', 'Hello? Still waiting for an answer.', 'Just checking you got my message.', 'Also, I am away from Friday, so sooner is better.'];
const THANKS = ['Thanks, that worked!', 'Perfect, thank you.', 'Great, appreciate the quick help.', 'Got it, thanks!'];
const STILL_BROKEN = ['That did not fix it, sorry. Same problem.', 'Hm, still nothing on my side.'];
const NOTES = ['Customer has written before about this; be gentle.', 'Checked the logs: matches the incident from this morning.',
  'Refund over $50 needs a supervisor sign-off.', 'Left a voicemail as well.', 'Second contact this week: consider a goodwill credit.'];
const HAND_OFF_NOTES = ['Billing question: needs someone who can issue refunds.', 'Over to you, I am going on a break. Customer waits on the refund.',
  'Needs someone with access to the courier portal.', 'Passing on: I have asked for the order number already.'];
const CO_RESPONSES = ['Jumping in: I have checked with the warehouse, it ships today.', 'Adding to my colleague: you will also get a confirmation e-mail.'];
const TO_SMS = ["Sorry to hear that! We don't want to share account details in public, so we will carry on by text message: you'll hear from us on the number we have on file."];

export function fill(random: () => number, text: string): string {
  return text.replace(/\{n\}/g, () => String(10_000 + Math.floor(random() * 90_000))).replace(/\{d\}/g, () => String(1000 + Math.floor(random() * 9000)));
}

const choose = (random: () => number, items: readonly string[]) => fill(random, items[Math.floor(random() * items.length) % items.length] ?? '');

/** A customer's first words on a channel (a voice-mail is a transcript). */
export function opener(random: () => number, topic: Topic, kind: DemoKind): string {
  const body = choose(random, topic.openers);
  if (kind === 'VOICE') return `Voicemail transcript (0:${String(20 + Math.floor(random() * 39))}): "${body}"`;
  if (kind === 'EMAIL') return `Hello,\n\n${body}\n\nBest regards`;
  return body;
}

/** The second or third message of an SMS burst. */
export const burstLine = (random: () => number) => choose(random, ['Also the app shows nothing.', 'Please call me back.', 'This is urgent!', 'Sorry, forgot to say: order {n}.']);
export const followUp = (random: () => number) => choose(random, FOLLOW_UPS);
export const thanks = (random: () => number) => choose(random, THANKS);
export const stillBroken = (random: () => number) => choose(random, STILL_BROKEN);
export const customerAnswer = (random: () => number, topic: Topic) => choose(random, topic.answers.length ? topic.answers : THANKS);
export const agentQuestion = (random: () => number, topic: Topic) => choose(random, topic.questions.length ? topic.questions : ['Could you tell me more?']);
export const agentSolution = (random: () => number, topic: Topic) => choose(random, topic.solutions.length ? topic.solutions : ['Thanks for letting us know!']);
export const note = (random: () => number) => choose(random, NOTES);
export const handOffNote = (random: () => number) => choose(random, HAND_OFF_NOTES);
export const coResponse = (random: () => number) => choose(random, CO_RESPONSES);
export const moveToSms = (random: () => number) => choose(random, TO_SMS);
/** The words in a reply that ask a tweeting customer to carry on by SMS (the simulator's customers listen for them). */
export const MOVE_TO_SMS_MARK = 'by text message';
/** A customer's thanks, which needs no answer. */
export const isThanks = (body: string) => THANKS.includes(body.trim());
export const welcome = (random: () => number) => choose(random, ["You're welcome! I'll close this now; just write back if anything comes up.", 'Glad it worked out. Have a great day!']);
export const smsAfterTweet = (handle: string) => `Hi, it's @${handle} from Twitter, texting as you asked.`;

/** The topic a customer's first message was about (its opener's words), or undefined for text not from these lines. */
export function topicOf(body: string): Topic | undefined {
  const plain = body.replace(/\d+/g, '{n}');
  return TOPICS.find((topic) => topic.openers.some((line) => {
    const pattern = line.replace(/\{[nd]\}/g, '0').replace(/\d+/g, '{n}');
    return plain.includes(pattern.slice(0, 24));
  }));
}

/** True when a reply asks the customer something (they answer it). */
export const isQuestion = (body: string) => body.trim().endsWith('?');
