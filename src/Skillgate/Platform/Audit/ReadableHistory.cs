using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Data;

namespace Skillgate.Platform.Audit;

/// <summary>A history row as a person reads it: labels, names and values in the reader's language.</summary>
internal sealed record HistoryRow(long Seq, string When, string ActorName, string Action, string Entity, IReadOnlyList<HistoryChange> Changes);

internal sealed record HistoryChange(string Label, string? Before, string? After);

/// <summary>
/// Turns audit entries into what a person can read: field labels instead of column names, names instead of ids, yes/no,
/// translated codes, and dates in the reader's format. Technical columns (ids, tree paths, secrets) are left out.
/// The modules' <see cref="HistoryVocabulary"/> name their records, codes and form fields, asked once per page.
/// </summary>
internal sealed class ReadableHistory(AuditHistory history, NpgsqlDataSource dataSource, IEnumerable<HistoryVocabulary> vocabularies, Texts texts)
{
    private static readonly HashSet<string> Hidden = new(StringComparer.Ordinal)
    {
        "id", "path", "version", "created_at", "qr_secret", "password_hash", "security_stamp", "key_hash", "secret", "pin_hash", "template", "sha256", "id_number",
    };

    private readonly IReadOnlyList<HistoryVocabulary> _vocabularies = vocabularies.ToList();

    public async Task<IReadOnlyList<HistoryRow>> ForEntityAsync(string entityType, Guid entityId, CancellationToken ct) =>
        await ReadAsync(await history.ForEntityAsync(entityType, entityId, ct), ct);

    public async Task<IReadOnlyList<HistoryRow>> ReadAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var changes = entries.SelectMany(e => e.Changes).Where(Shown).ToList();
        var values = changes.SelectMany(c => new[] { c.Before, c.After }).OfType<string>().SelectMany(Leaves).ToList();
        var keys = changes.SelectMany(c => new[] { c.Before, c.After }).OfType<string>().Where(v => v.StartsWith('{'))
            .SelectMany(v => Entries(v) ?? []).Select(x => x.Key).Distinct(StringComparer.Ordinal).ToArray();
        var words = await LookUpAsync(
            values.Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToArray(),
            values.Where(v => !Guid.TryParse(v, out _)).Distinct(StringComparer.Ordinal).ToArray(),
            keys,
            ct);
        return entries.Select(e => new HistoryRow(
                e.Seq,
                When(e.OccurredAt),
                e.ActorName,
                Word("audit.action." + e.Action) ?? e.Action,
                Word("history.entity." + e.EntityType) ?? e.EntityType,
                e.Changes.Where(Shown)
                    .Select(c => new HistoryChange(Label(c.Field, words), Value(e.EntityType, c.Field, c.Before, words), Value(e.EntityType, c.Field, c.After, words)))
                    .ToList()))
            .ToList();
    }

    /// <summary>A point in time in the reader's format, in the server's zone.</summary>
    public static string When(DateTimeOffset at) =>
        at.ToLocalTime().ToString(Texts.IsChinese ? "yyyy-MM-dd HH:mm" : "d MMM yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A day in the reader's format.</summary>
    public static string Day(DateOnly day) => day.ToString(Texts.IsChinese ? "yyyy-MM-dd" : "d MMM yyyy", CultureInfo.InvariantCulture);

    private static bool Shown(AuditChange c) => !Hidden.Contains(c.Field) && !c.Field.EndsWith("_hash", StringComparison.Ordinal);

    private async Task<Words> LookUpAsync(Guid[] ids, string[] codes, string[] keys, CancellationToken ct)
    {
        var words = new Words();
        var chinese = Texts.IsChinese;
        string Pick(string? zh, string? en) => (chinese ? zh : en) ?? zh ?? en ?? "";
        var queries = new List<(string Sql, object Args, Action<(string Key, string Field, string? Zh, string? En)> Add)>();
        if (ids.Length > 0)
        {
            queries.Add((Union(v => v.RecordNamesSql, "id::text AS key, '' AS field, name_zh, name_en"), new { ids }, r => words.Names[Guid.Parse(r.Key)] = Pick(r.Zh, r.En)));
        }

        if (codes.Length > 0 && _vocabularies.Any(v => v.CodeNamesSql is not null))
        {
            queries.Add((Union(v => v.CodeNamesSql, "code AS key, field, name_zh, name_en"), new { codes }, r => words.Codes[(r.Field, r.Key)] = Pick(r.Zh, r.En)));
        }

        if (keys.Length > 0 && _vocabularies.Any(v => v.FieldLabelsSql is not null))
        {
            queries.Add((Union(v => v.FieldLabelsSql, "key, '' AS field, name_zh, name_en"), new { keys }, r => words.Labels[r.Key] = Pick(r.Zh, r.En)));
        }

        if (queries.Count == 0)
        {
            return words;
        }

        await using var connection = await dataSource.OpenScopedAsync(ct);
        foreach (var (sql, args, add) in queries)
        {
            foreach (var row in await connection.QueryAsync<(string, string, string?, string?)>(new CommandDefinition(sql, args, cancellationToken: ct)))
            {
                add(row);
            }
        }

        return words;
    }

    /// <summary>One query over every module's SQL of one kind, each wrapped so its columns line up.</summary>
    private string Union(Func<HistoryVocabulary, string?> sql, string columns) =>
        string.Join("\nUNION ALL\n", _vocabularies.Select((v, i) => (Sql: sql(v), i)).Where(x => x.Sql is not null).Select(x => $"SELECT {columns} FROM ({x.Sql}) AS v{x.i}"));

    /// <summary>The field's label: the form label of the same name (<c>field.hireDate</c>), the history's own (<c>history.field.hire_date</c>), or a module's.</summary>
    private string Label(string field, Words words)
    {
        var snake = string.Concat(field.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
        var camel = string.Concat(snake.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        return Word("field." + camel) ?? Word("history.field." + snake) ?? words.Labels.GetValueOrDefault(field) ?? field;
    }

    private string? Value(string entityType, string field, string? raw, Words words)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return raw;
        }

        if (raw.StartsWith('{') && Entries(raw) is { } entries)
        {
            return string.Join("; ", entries.Where(x => !string.IsNullOrEmpty(x.Value))
                .Select(x => $"{Label(x.Key, words)}: {Value(entityType, x.Key, x.Value, words)}"));
        }

        if (raw.StartsWith('['))
        {
            return string.Join(texts["history.list_separator"], Elements(raw).Select(p => p.StartsWith('{') ? $"({Value(entityType, field, p, words)})" : One(entityType, field, p, words)));
        }

        return One(entityType, field, raw, words);
    }

    private string One(string entityType, string field, string value, Words words)
    {
        if (Guid.TryParse(value, out var id))
        {
            return words.Names.TryGetValue(id, out var name) ? name : texts["history.unknown_record"];
        }

        if (value is "true" or "false")
        {
            return texts[value == "true" ? "history.yes" : "history.no"];
        }

        if (words.Codes.TryGetValue((field, value), out var code))
        {
            return code;
        }

        if (value.Length >= 20 && value[4] == '-' && value[10] == 'T' && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            return When(at);
        }

        if (value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return Day(day);
        }

        var prefix = _vocabularies.Select(v => v.CodeTexts?.GetValueOrDefault(field)).FirstOrDefault(p => p is not null);
        return (prefix is null ? null : Word(prefix + value))
               ?? Word($"{entityType}.{field}.{value}") ?? Word($"{entityType}s.{field}.{value}") ?? Word($"{field}.{value}") ?? value;
    }

    private string? Word(string key)
    {
        var text = texts[key];
        return text.ResourceNotFound ? null : text.Value;
    }

    /// <summary>The members of a JSON object (e.g. a workflow step's form), or null when the value is not one.</summary>
    private static List<KeyValuePair<string, string?>>? Entries(string value)
    {
        try
        {
            using var doc = JsonDocument.Parse(value);
            return doc.RootElement.ValueKind != JsonValueKind.Object
                ? null
                : doc.RootElement.EnumerateObject()
                    .Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind switch { JsonValueKind.Null => null, JsonValueKind.String => p.Value.GetString(), _ => p.Value.GetRawText() }))
                    .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every scalar inside a value: itself, or the items of a JSON array and the members of a JSON object, all the way down.</summary>
    private static IEnumerable<string> Leaves(string value)
    {
        if (value.StartsWith('{'))
        {
            return (Entries(value) ?? []).Select(x => x.Value).OfType<string>().SelectMany(Leaves).ToList();
        }

        var elements = Elements(value);
        return elements.Count == 1 && elements[0] == value ? elements : elements.SelectMany(Leaves).ToList();
    }

    /// <summary>The items of a JSON array (objects as their JSON text), or the value itself.</summary>
    private static List<string> Elements(string value)
    {
        if (!value.StartsWith('['))
        {
            return [value];
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            return doc.RootElement.ValueKind != JsonValueKind.Array
                ? [value]
                : doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText()).ToList();
        }
        catch (JsonException)
        {
            return [value];
        }
    }

    /// <summary>What the modules call the ids, codes and field keys of one page of history, in the reader's language.</summary>
    private sealed class Words
    {
        public Dictionary<Guid, string> Names { get; } = [];

        public Dictionary<(string Field, string Code), string> Codes { get; } = [];

        public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    }
}
