// Stage 13.5: deleting. delete() removes the instance's row and no other; the instance then
// refuses save() and delete() with DeletedInstanceError, before anything is sent. deleteWhere()
// removes the rows a condition holds for and says how many. And a save() whose row someone else
// deleted fails, rather than reporting success for an UPDATE that changed nothing.
import { DeletedInstanceError, fields, Model, ModelError, RowNotFoundError } from "@lab/src/tinyorm/index.ts";
import { test } from "vitest";
import { stageWith } from "../../../shared/check/stage.ts";
import { postgres } from "../../../shared/services/index.ts";
import { expectEqual, expectFailure, run, useModels, witnessRows } from "./orm.ts";
import { expectNothingSent, expectWrites, watchWrites, writesDuring } from "./watch.ts";

const SCHEMA = `
CREATE TABLE notes (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text NOT NULL);
${watchWrites("notes", ["title"])}
`;

class Note extends Model.table("notes", {
  id: fields.int({ primaryKey: true, generated: true }),
  title: fields.text(),
}) {}

await stageWith([postgres], "13.5", (service) => {
  const { db, session } = useModels(service, "delete", SCHEMA);

  async function titles(): Promise<unknown[]> {
    return (await witnessRows(db().url, "SELECT title FROM notes ORDER BY id")).map((row) => row.title);
  }

  async function clear(): Promise<void> {
    await witnessRows(db().url, "DELETE FROM notes");
  }

  test("delete() removes the instance's row, and only that row", async () => {
    await clear();
    const notes = await run('three Note.create({ title }) calls: "keep", "drop", "also keep"', async () => [
      await Note.create({ title: "keep" }),
      await Note.create({ title: "drop" }),
      await Note.create({ title: "also keep" }),
    ]);
    const writes = await writesDuring(db().url, "notes", () =>
      run('await (the note "drop").delete()', () => notes[1]?.delete()),
    );
    expectWrites('await (the note "drop").delete()', [{ op: "DELETE", columns: [] }], writes, "One DELETE statement.");
    expectEqual(
      'await (the note "drop").delete(); then the titles left in the table',
      ["keep", "also keep"],
      await titles(),
      "DELETE … WHERE the key's column = the instance's key, as the row holds it.",
    );
  });

  test("a deleted instance refuses save() and delete() with DeletedInstanceError, sending nothing", async () => {
    const note = await run('await Note.create({ title: "gone" })', () => Note.create({ title: "gone" }));
    await run("await note.delete()", () => note.delete());
    const hint =
      "Remember that the instance was deleted; save() must not insert it again, nor update a row that is no longer there.";
    await expectNothingSent(
      'note.title = "back?"; await note.save(), after note.delete()',
      db().url,
      session,
      () =>
        expectFailure(
          'note.title = "back?"; await note.save(), after note.delete()',
          DeletedInstanceError,
          () => {
            note.title = "back?";
            return note.save();
          },
          hint,
        ),
      hint,
    );
    await expectNothingSent(
      "await note.delete() a second time",
      db().url,
      session,
      () => expectFailure("await note.delete() a second time", DeletedInstanceError, () => note.delete(), hint),
      hint,
    );
    expectEqual(
      "the table has no row titled gone or back?",
      [],
      (await titles()).filter((t) => t === "gone" || t === "back?"),
    );
  });

  test("deleting an instance that was never saved is refused with ModelError, sending nothing", async () => {
    const note = new Note({ title: "draft" });
    await expectNothingSent(
      'await new Note({ title: "draft" }).delete()',
      db().url,
      session,
      () =>
        expectFailure(
          'await new Note({ title: "draft" }).delete()',
          ModelError,
          () => note.delete(),
          "A new instance has no row: there is nothing to delete (and no key to name it by).",
        ),
      "Nothing to delete: nothing to send.",
    );
  });

  test("deleteWhere() removes the rows a condition holds for, and says how many", async () => {
    await clear();
    await witnessRows(db().url, "INSERT INTO notes (title) VALUES ('tmp_a'), ('keep'), ('tmp_b'), ('tmpx'), ('tmp_c')");
    const count = await run('await Note.deleteWhere(Note.title.startsWith("tmp_"))', () =>
      Note.deleteWhere(Note.title.startsWith("tmp_")),
    );
    expectEqual(
      'await Note.deleteWhere(Note.title.startsWith("tmp_")): what it resolved with, and the titles left',
      { count: 3, left: ["keep", "tmpx"] },
      { count, left: await titles() },
      "DELETE FROM the table WHERE the condition, and resolve with the statement's row count.",
    );
  });

  test("save() of an instance whose row someone else deleted fails with RowNotFoundError", async () => {
    const note = await run('await Note.create({ title: "doomed" })', () => Note.create({ title: "doomed" }));
    await witnessRows(db().url, "DELETE FROM notes WHERE title = 'doomed'");
    note.title = "edited";
    await expectFailure(
      'note.title = "edited"; await note.save(), after another client deleted its row',
      RowNotFoundError,
      () => note.save(),
      "An UPDATE of a row that is gone changes nothing and fails nothing: RETURNING gives no row, and that is how save() knows.",
    );
  });
});
