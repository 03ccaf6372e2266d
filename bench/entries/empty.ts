/** The empty Lambda: the baseline every cold-import figure is measured against. */
export const handler = async () => ({ statusCode: 200, body: '' });
