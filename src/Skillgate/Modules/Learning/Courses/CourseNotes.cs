using Dapper;
using Npgsql;
using Skillgate.Platform.Data;
using static Skillgate.Platform.Data.DbTime;

namespace Skillgate.Modules.Learning.Courses;

/// <summary>A course's most liked approved learning notes, read from the points module's published <c>points.note_v</c>.</summary>
internal sealed class CourseNotes(NpgsqlDataSource dataSource)
{
    public sealed record Note(Guid Id, string AuthorName, string Body, IReadOnlyList<Guid> PhotoFileIds, int Likes, DateTimeOffset? ApprovedAt);

    public sealed record Summary(Guid CourseId, int Total, IReadOnlyList<Note> Top);

    public async Task<Summary> TopAsync(Guid courseId, int top, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenScopedAsync(ct);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM points.note_v WHERE course_id = @courseId", new { courseId }, cancellationToken: ct));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT id, author_name, body, photo_file_ids, likes, approved_at FROM points.note_v WHERE course_id = @courseId
            ORDER BY likes DESC, approved_at DESC, id LIMIT @top
            """, new { courseId, top }, cancellationToken: ct));
        return new Summary(courseId, total, rows.Select(r => new Note(r.Id, r.AuthorName, r.Body, r.PhotoFileIds, r.Likes, Utc(r.ApprovedAt))).ToList());
    }

    /// <summary>Set by property: Dapper hands a <c>uuid[]</c> column over as an array it cannot match to a constructor.</summary>
    private sealed class Row
    {
        public Guid Id { get; init; }

        public string AuthorName { get; init; } = "";

        public string Body { get; init; } = "";

        public Guid[] PhotoFileIds { get; init; } = [];

        public int Likes { get; init; }

        public DateTime? ApprovedAt { get; init; }
    }
}
