using System.Globalization;
using Dapper;
using Npgsql;
using Skillgate.Modules.Workflow.Contracts;
using Skillgate.Platform.Audit;
using Skillgate.Platform.Auth;
using Skillgate.Platform.Localization;
using Skillgate.Platform.Web;

namespace Skillgate.Modules.Workflow.Instances;

/// <summary>Checks a step's form against its fields (required, format, references that exist) and returns the trimmed values.</summary>
internal sealed class FormValues(DataScope scope, AuditActor actor, Texts t)
{
    private const int MaxText = 500;

    private const int MaxTextArea = 4000;

    /// <summary>A file field takes only a file the caller uploaded.</summary>
    private const string OwnFileSql = "SELECT EXISTS (SELECT 1 FROM platform.stored_file WHERE id = @id AND created_by = @me)";

    /// <param name="strict">Required fields must be filled (an approval); a rejection or a return may leave them empty.</param>
    public async Task<Dictionary<string, string?>> CheckAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, IReadOnlyList<FieldDef> fields, IReadOnlyDictionary<string, string?>? form, bool strict, CancellationToken ct)
    {
        form ??= new Dictionary<string, string?>();
        var v = new Validation();
        foreach (var key in form.Keys.Where(k => fields.All(f => f.Key != k)))
        {
            v.Add("form." + key, t["workflow.field_not_in_step"].Value);
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = "form." + field.Key;
            var value = form.TryGetValue(field.Key, out var raw) && !string.IsNullOrWhiteSpace(raw) ? raw.Trim() : null;
            values[field.Key] = value;
            if (value is null)
            {
                if (field.Required && strict)
                {
                    v.Add(name, t["validation.required"]);
                }

                continue;
            }

            var error = await CheckValueAsync(connection, tx, field, value, ct);
            if (error is not null)
            {
                v.Add(name, error);
            }
        }

        v.ThrowIfInvalid();
        return values;
    }

    private async Task<string?> CheckValueAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, FieldDef field, string value, CancellationToken ct)
    {
        switch (field.Type)
        {
            case "text":
                return value.Length > MaxText ? t["validation.max_length", MaxText].Value : null;
            case "textarea":
                return value.Length > MaxTextArea ? t["validation.max_length", MaxTextArea].Value : null;
            case "number":
                return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? null : t["workflow.number_format"].Value;
            case "date":
                return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : t["workflow.date_format"].Value;
            case "choice":
                return field.Options.Contains(value) ? null : t["workflow.choice_unknown"].Value;
            case "batch":
                return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT EXISTS (SELECT 1 FROM quality.batch_v WHERE code = @value)", new { value }, tx, cancellationToken: ct)) ? null : t["workflow.reference_unknown"].Value;
            default:
                if (!Guid.TryParse(value, out var id))
                {
                    return t["workflow.reference_unknown"].Value;
                }

                var filter = await scope.GetAsync(ct);
                return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                        field.Type == "file" ? OwnFileSql : ReferenceOptions.ChoosableSql(field.Type), new { id, all = filter.All, units = filter.Ids, me = actor.Current.Name },
                        tx, cancellationToken: ct))
                    ? null : t["workflow.reference_unknown"].Value;
        }
    }
}
