using Skillgate.Modules.Quality.Contracts;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;

namespace Skillgate.Modules.Quality.Ingestion;

/// <summary>Equipment downtime on a line, from the maintenance system; a record code names one stop (a second with a known code is refused, not merged).</summary>
internal sealed class DowntimeKind : IngestKind<DowntimeInput, DowntimeKind.Row>
{
    public static readonly DowntimeKind Instance = new();

    public override string Table => "downtime";

    // No conflict target: a known external id or code, or two items of one upload naming the same code, store nothing twice.
    public override string InsertSql =>
        """
        INSERT INTO quality.downtime (id, external_id, code, equipment, line_id, started_at, ended_at, reason, recorded_at)
        SELECT r.*, @now FROM unnest(@ids, @exts, @codes, @equipment, @lines, @starts, @ends, @reasons) AS r(id, ext, code, equipment, line, started_at, ended_at, reason)
        WHERE NOT EXISTS (SELECT 1 FROM quality.downtime d WHERE lower(d.code) = lower(r.code))
        ON CONFLICT DO NOTHING
        """;

    public override ReferenceKeys Keys(IReadOnlyList<DowntimeInput> items) => new([], items.Select(i => i.Line), [], []);

    public override Row Check(DowntimeInput x, ItemCheck c, References refs, ScopeFilter filter, Texts t)
    {
        var ext = c.Text("externalId", x.ExternalId);
        var code = c.Text("code", x.Code, 100);
        var equipment = c.Text("equipment", x.Equipment, 200);
        var line = c.Known("line", x.Line, refs.Unit(x.Line), "quality.unit_unknown");
        var start = c.Required("startedAt", x.StartedAt);
        var reason = c.Text("reason", x.Reason, 1000);
        if (x.EndedAt is { } end && x.StartedAt is { } s && end < s)
        {
            c.Error("endedAt", t["quality.end_before_start"]);
        }

        if (!c.Failed && !filter.Covers(line))
        {
            c.Error("line", t["quality.outside_scope"]);
        }

        return new Row(ext, code, equipment, line, start.UtcDateTime, x.EndedAt?.UtcDateTime, reason);
    }

    public override string ExternalId(Row row) => row.Ext;

    public override object Arguments(IReadOnlyList<Row> rows, DateTime now) => new
    {
        now, ids = rows.Select(_ => Guid.CreateVersion7()).ToArray(), exts = rows.Select(r => r.Ext).ToArray(), codes = rows.Select(r => r.Code).ToArray(),
        equipment = rows.Select(r => r.Equipment).ToArray(), lines = rows.Select(r => r.Line).ToArray(), starts = rows.Select(r => r.Start).ToArray(),
        ends = rows.Select(r => r.End).ToArray(), reasons = rows.Select(r => r.Reason).ToArray(),
    };

    internal sealed record Row(string Ext, string Code, string Equipment, Guid Line, DateTime Start, DateTime? End, string Reason);
}
