import ExcelJS from 'exceljs';

/** Every cell of every sheet of a workbook, as text, row by row. */
export async function workbookCells(body: Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push(String(cell.value));
      }),
    ),
  );
  return cells;
}
