using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Skillgate.Platform.Audit;

/// <summary>
/// The before/after image of an audited record: its mapped columns by column name, without the
/// concurrency version, secrets replaced by a short fingerprint. Shared by the EF interceptor and bulk writers.
/// </summary>
internal static class AuditSnapshot
{
    private static readonly HashSet<string> Secrets = ["password_hash", "key_hash", "security_stamp", "qr_secret", "token_hash", "encrypted_template", "pin_hash", "id_number"];

    public static string Json(IEntityType type, object entity)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var p in type.GetProperties())
        {
            if (p.PropertyInfo is { } info)
            {
                Add(values, p.GetColumnName(), info.GetValue(entity));
            }
        }

        return JsonSerializer.Serialize(values);
    }

    public static void Add(SortedDictionary<string, object?> values, string column, object? value)
    {
        if (column == "version")
        {
            return;
        }

        values[column] = Secrets.Contains(column) && value is not null ? Fingerprint(value) : value;
    }

    private static string Fingerprint(object value) =>
        "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(value as byte[] ?? System.Text.Encoding.UTF8.GetBytes(value.ToString()!)))[..8];
}
