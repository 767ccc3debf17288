/** What the seeded day's customers asked and how they were answered (demo-seed.ts). */
export const HISTORY_LINES: ReadonlyArray<{ subject: string; customer: string; answer: string }> = [
  { subject: 'Where is my parcel?', customer: 'Hi, my parcel was due yesterday and tracking has not moved. Order 48213.', answer: 'Sorry about that! It left our warehouse this morning and should reach you tomorrow.' },
  { subject: 'Charged twice', customer: 'I was charged twice for my last order. Can you refund one?', answer: 'You are right, I have refunded the second charge. It shows on your card in 3 to 5 days.' },
  { subject: 'Change delivery address', customer: 'Can I still change the delivery address for order 51877?', answer: 'Done: it now goes to the new address. You will get an updated confirmation.' },
  { subject: 'Password reset not arriving', customer: 'The password reset e-mail never arrives.', answer: 'I have sent a fresh link; please check your spam folder too. It is valid for an hour.' },
  { subject: 'Cancel my subscription', customer: 'Please cancel my subscription at the end of this month.', answer: 'Cancelled as of the 30th. You keep full access until then.' },
  { subject: 'Wrong size', customer: 'The shoes I got are a size too small. How do I swap them?', answer: 'I have started a free exchange; the courier picks them up tomorrow.' },
  { subject: 'Invoice copy', customer: 'Could you send me a copy of my March invoice?', answer: 'Attached to an e-mail on its way to you now.' },
  { subject: 'Opening hours', customer: 'Are you open on Sunday?', answer: 'We are, from 10:00 to 16:00.' },
  { subject: 'App keeps crashing', customer: 'The app crashes when I open my orders.', answer: 'Thanks for telling us! Version 4.2.1, out today, fixes it; please update.' },
  { subject: 'Discount code not working', customer: 'The code SPRING20 says it is invalid.', answer: 'It expired yesterday, but I have applied the discount to your order by hand.' },
];
