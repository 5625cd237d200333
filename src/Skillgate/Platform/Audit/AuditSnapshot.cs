using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Skillgate.Platform.Audit;

/// <summary>
/// The before/after image of an audited record: its mapped columns by column name, without the
/// concurrency version, secrets replaced by a short fingerprint. Shared by the EF interceptor and bulk writers.
/// </summary>
/// <remarks>
/// Written straight to JSON text with each entity type's columns looked up once: an exam submission writes four audit rows,
/// and building a sorted dictionary of boxed values, serialising it to a document and serialising that again for the
/// parameter cost more than the rest of the save. The stored jsonb orders keys itself, so the order written here is free.
/// </remarks>
internal static class AuditSnapshot
{
    private static readonly HashSet<string> Secrets = ["password_hash", "key_hash", "security_stamp", "qr_secret", "token_hash", "encrypted_template", "pin_hash", "id_number"];

    private static readonly ConcurrentDictionary<IEntityType, (IProperty Property, JsonEncodedText Name, bool Secret)[]> ColumnsByType = new();

    public static string Json(IEntityType type, object entity) =>
        Write(type, p => p.PropertyInfo?.GetValue(entity), skipUnmapped: true);

    public static string Json(IEntityType type, Func<IProperty, object?> value) => Write(type, value, skipUnmapped: false);

    private static string Write(IEntityType type, Func<IProperty, object?> value, bool skipUnmapped)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (property, name, secret) in Columns(type))
            {
                if (skipUnmapped && property.PropertyInfo is null)
                {
                    continue;
                }

                writer.WritePropertyName(name);
                var v = value(property);
                if (secret && v is not null)
                {
                    writer.WriteStringValue(Fingerprint(v));
                }
                else if (v is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    JsonSerializer.Serialize(writer, v, v.GetType());
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static (IProperty, JsonEncodedText, bool)[] Columns(IEntityType type) =>
        ColumnsByType.GetOrAdd(type, t => t.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName()))
            .Where(p => p.Column != "version")
            .GroupBy(p => p.Column, StringComparer.Ordinal).Select(g => g.Last())
            .OrderBy(p => p.Column, StringComparer.Ordinal)
            .Select(p => (p.Property, JsonEncodedText.Encode(p.Column), Secrets.Contains(p.Column)))
            .ToArray());

    private static string Fingerprint(object value) =>
        "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(value as byte[] ?? Encoding.UTF8.GetBytes(value.ToString()!)))[..8];
}
