// The words for one pasted member entry's problem; the member rules' codes arrive with their own module.
export function memberProblemText(p: never): string {
  return `Something went wrong (${JSON.stringify(p)}).`;
}
