/*
 * What the upload tests share: a council, a measure openlg publishes, real values for it (MHCLG's
 * Band D council tax excluding parish precepts, from ../shared/data), and a multipart body.
 */

export const hartlepool = 'E06000001';
export const newcastle = 'E08000021';

export const bandD = {
  slug: 'band-d-council-tax-excluding-parish-precepts',
  title: 'Band D council tax excluding parish precepts',
  unit: '£',
  decimalPlaces: 2,
  polarity: 'no-judgement' as const,
};

/** Hartlepool's Band D council tax for 2014-15 and 2015-16, in the upload template. */
export function realRows(): string {
  return [
    'area,period,metric,value,lci,uci,status',
    `${hartlepool},2014-15,${bandD.slug},1418.70,,,`,
    `${hartlepool},2015-16,${bandD.slug},1418.70,,,`,
    '',
  ].join('\n');
}

/** A multipart/form-data body as a browser sends one: the fields first, then the file. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; content: string | Buffer },
): { body: Buffer; type: string } {
  const boundary = '----openlg-test-boundary';
  const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    ),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        'content-type: application/octet-stream\r\n\r\n',
    ),
    Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}
