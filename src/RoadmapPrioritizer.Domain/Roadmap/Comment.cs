namespace RoadmapPrioritizer.Domain.Roadmap;

/// <summary>A remark on an initiative by anyone who may decide on it (an executive's question, a PM's answer).</summary>
public sealed class Comment
{
    public const int BodyMaxLength = 2000;
    public const int AuthorMaxLength = 256;

    private Comment(int initiativeId, string authorId, string authorName, string body, DateTime createdAt)
    {
        InitiativeId = initiativeId;
        AuthorId = authorId;
        AuthorName = authorName;
        Body = body;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public int InitiativeId { get; private set; }

    public string AuthorId { get; private set; }

    public string AuthorName { get; private set; }

    public string Body { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public static string? ValidateBody(string? body) =>
        string.IsNullOrWhiteSpace(body) ? "Write something to comment."
        : body.Trim().Length > BodyMaxLength ? $"A comment is at most {BodyMaxLength} characters."
        : null;

    public static Comment Create(int initiativeId, string authorId, string authorName, string body, DateTime now)
    {
        DomainException.ThrowIfInvalid("body", ValidateBody(body));
        return new Comment(initiativeId, authorId, authorName.Length > AuthorMaxLength ? authorName[..AuthorMaxLength] : authorName, body.Trim(), now);
    }
}
