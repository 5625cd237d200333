using Microsoft.AspNetCore.Http.HttpResults;

namespace Skillgate.Platform.Web;

internal static class EndpointResults
{
    /// <summary>An endpoint that acts on the record with the id and answers 204.</summary>
    public static Func<Guid, THandler, CancellationToken, Task<NoContent>> Done<THandler>(Func<Guid, THandler, CancellationToken, Task> action) =>
        async (id, handler, ct) =>
        {
            await action(id, handler, ct);
            return TypedResults.NoContent();
        };
}
