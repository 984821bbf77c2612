package dev.trawl.indexer.search;

import dev.trawl.indexer.store.DocumentMapper;
import dev.trawl.indexer.store.IdCodec;
import java.io.IOException;
import java.util.Objects;
import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.CharacterRunAutomaton;

/**
 * A {@code prefix}, {@code wildcard} or case-insensitive {@code term} on {@code _id}. Base64 ids
 * are held as their decoded bytes ({@link IdCodec}), which a pattern over the id's characters
 * cannot be run on, so each id term is turned back into its text and matched: a walk through all
 * of a segment's ids, for a kind of search made by hand, not by dashboards.
 */
final class IdPatternQuery extends MultiTermQuery {
  private final CharacterRunAutomaton matcher;
  private final String description;

  /**
   * @param description the clause and its value, which decide the pattern: what equal queries share
   * @param rewrite whether the ids are read from the terms or the doc values of {@code _id}
   */
  IdPatternQuery(Automaton pattern, String description, RewriteMethod rewrite) {
    super(DocumentMapper.ID, rewrite);
    this.matcher = new CharacterRunAutomaton(pattern);
    this.description = description;
  }

  @Override
  protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
    return new FilteredTermsEnum(terms.iterator(), false) {
      @Override
      protected AcceptStatus accept(BytesRef term) {
        return matcher.run(IdCodec.decode(term)) ? AcceptStatus.YES : AcceptStatus.NO;
      }
    };
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String field) {
    return DocumentMapper.ID + ":" + description;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IdPatternQuery q && q.description.equals(description) && q.rewriteMethod.equals(rewriteMethod);
  }

  @Override
  public int hashCode() {
    return Objects.hash(IdPatternQuery.class, description, rewriteMethod);
  }
}
