using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Skillgate.Platform.Localization;

namespace Skillgate.Platform.Web;

/// <summary>
/// The one place where every text a request carries — path, query string, form fields, file names and the strings of a JSON
/// body — is checked before any handler or query sees it: text the database cannot store (<see cref="TextRules.FirstUnstorable"/>)
/// and dates no one means (<see cref="TextRules.IsAbsurdDate"/>) answer 400 naming the fields.
/// </summary>
internal static class TextGuard
{
    /// <summary>Larger JSON bodies are left to the endpoint's own size limit.</summary>
    private const int MaxScannedJsonBytes = 4 * 1024 * 1024;

    public static IApplicationBuilder UseTextGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var bad = new Dictionary<string, string>(StringComparer.Ordinal);
        if (TextRules.FirstUnstorable(context.Request.Path.Value) >= 0)
        {
            bad["path"] = "validation.unstorable_text";
        }

        foreach (var (key, values) in context.Request.Query)
        {
            Check(bad, key, values);
        }

        if (context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                foreach (var (key, values) in form)
                {
                    Check(bad, key, values);
                }

                foreach (var file in form.Files.Where(f => TextRules.FirstUnstorable(f.FileName) >= 0))
                {
                    bad[file.Name] = "validation.unstorable_text";
                }
            }
            catch (InvalidDataException)
            {
                // The form decoder refuses a NUL written as %00 before we could name the field.
                bad["form"] = "validation.unstorable_text";
            }
        }
        else if (context.Request.HasJsonContentType() && context.Request.ContentLength is null or <= MaxScannedJsonBytes)
        {
            await CheckJsonAsync(context.Request, bad);
        }

        if (bad.Count == 0)
        {
            await next(context);
            return;
        }

        var t = context.RequestServices.GetRequiredService<Texts>();
        var problem = new HttpValidationProblemDetails(bad.ToDictionary(b => b.Key, b => new[] { t[b.Value].Value }))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = t["error.validation"],
        };
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    });

    private static void Check(Dictionary<string, string> bad, string field, StringValues values)
    {
        foreach (var value in values.Append(field))
        {
            if (value is not null && Problem(value) is { } key)
            {
                bad[field] = key;
            }
        }
    }

    private static string? Problem(string value) =>
        TextRules.FirstUnstorable(value) >= 0 ? "validation.unstorable_text"
        : TextRules.IsAbsurdDate(value) ? "validation.date_out_of_range"
        : null;

    private static async Task CheckJsonAsync(HttpRequest request, Dictionary<string, string> bad)
    {
        request.EnableBuffering(MaxScannedJsonBytes);
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.WrittenCount + read > MaxScannedJsonBytes)
                {
                    break;
                }

                buffer.Write(chunk.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            request.Body.Position = 0;
        }

        ScanJson(buffer.WrittenSpan, bad);
    }

    /// <summary>Walks the tokens; malformed JSON is left for the endpoint to refuse.</summary>
    private static void ScanJson(ReadOnlySpan<byte> json, Dictionary<string, string> bad)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var path = new List<string>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        if (property is not null && TextRules.FirstUnstorable(property) >= 0)
                        {
                            bad[Field(path, "?")] = "validation.unstorable_text";
                            property = "?";
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(property ?? "");
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        property = null;
                        break;
                    case JsonTokenType.String:
                        if (Problem(reader.GetString()!) is { } key)
                        {
                            bad[Field(path, property)] = key;
                        }

                        property = null;
                        break;
                    default:
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static string Field(List<string> path, string? property)
    {
        var parts = path.Skip(1).Where(p => p.Length > 0).Append(property ?? "").Where(p => p.Length > 0).ToList();
        return parts.Count == 0 ? "body" : string.Join('.', parts);
    }
}
