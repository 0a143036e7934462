using Microsoft.EntityFrameworkCore;
using RoadmapPrioritizer.Domain.Roadmap;
using RoadmapPrioritizer.Infrastructure.Persistence;

namespace RoadmapPrioritizer.Infrastructure.Roadmap;

/// <summary>A comment as sent by its author.</summary>
public sealed record CommentInput(string? Body);

/// <summary>Comments on initiatives, oldest first.</summary>
public sealed class CommentService(RoadmapDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<Comment>?> ListAsync(int initiativeId, CancellationToken ct) =>
        await db.Initiatives.AnyAsync(i => i.Id == initiativeId, ct)
            ? await db.Comments.AsNoTracking().Where(c => c.InitiativeId == initiativeId).OrderBy(c => c.Id).ToListAsync(ct)
            : null;

    public async Task<Outcome<Comment>> AddAsync(int initiativeId, string authorId, string authorName, CommentInput input, CancellationToken ct)
    {
        if (!await db.Initiatives.AnyAsync(i => i.Id == initiativeId, ct))
        {
            return Outcome<Comment>.NotFound();
        }

        var errors = new FieldErrors();
        errors.Add("body", Comment.ValidateBody(input.Body));
        if (errors.Any)
        {
            return Outcome<Comment>.Invalid(errors);
        }

        var comment = Comment.Create(initiativeId, authorId, authorName, input.Body!, time.GetUtcNow().UtcDateTime);
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        return Outcome<Comment>.Ok(comment);
    }
}
