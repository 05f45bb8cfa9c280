// Syntax of a Clue model file (.model). The reference is docs/language.md.
// Expressions are written as explicit precedence levels (not left recursion) so that
// `x between a and b and c` has exactly one reading and syntax errors name the level.
parser grammar ClueParser;
options { tokenVocab = ClueLexer; }

file : item* EOF ;

item
  : modelDecl
  | importDecl
  | schemaDecl
  | paramDecl
  | constDecl
  | funcDecl
  | sourceDecl
  | tableDecl
  | relationDecl
  | outputDecl
  ;

// ---- metadata -------------------------------------------------------------------------------
modelDecl : MODEL name LBRACE metaEntry* RBRACE ;
metaEntry : name metaValue COMMA? ;
metaValue : STRING | LBRACK STRING (COMMA STRING)* COMMA? RBRACK ;

// ---- imports and declarations ---------------------------------------------------------------
importDecl : IMPORT STRING (AS name)? ;

schemaDecl : SCHEMA name (FILE_KW STRING)? LBRACE fieldDecl* RBRACE ;
fieldDecl  : name COLON typeRef QMARK? (FROM headerSpec)? (WITH fieldOption (COMMA fieldOption)*)? COMMA? ;
headerSpec : STRING | LPAREN STRING COMMA STRING RPAREN ;
fieldOption: optionKey (ASSIGN expr)? ;
// `true`/`false` are keywords, yet natural option names for a bool column's words.
optionKey  : name | TRUE_LIT | FALSE_LIT ;
typeRef    : name (LT typeRef GT)? ;

paramDecl : PARAM name COLON typeRef (ASSIGN expr)? ;
constDecl : CONST name (COLON typeRef)? ASSIGN expr ;
funcDecl  : FUNC name LPAREN (funcParam (COMMA funcParam)*)? RPAREN (COLON typeRef)? ASSIGN expr ;
funcParam : name COLON typeRef ;
// `from "tables/x.csv"`: a table shipped beside the model (a lookup table), read unless --data
// names another file for the source.
sourceDecl: SOURCE name COLON qualifiedName (FROM STRING)? DISTINCT? ;
// An inline lookup table: typed columns and rows written in the model, used like a source.
// A cell is an expression only for the parser: the checker takes literals, -literals and
// consts (E0219), so that a wrong cell is reported at its place with the column it is in.
tableDecl : TABLE name LBRACE tableColumn (COMMA tableColumn)* COMMA? RBRACE
            ROWS LBRACE (tableRow (COMMA tableRow)* COMMA?)? RBRACE ;
tableColumn : name COLON typeRef QMARK? ;
tableRow  : LPAREN expr (COMMA expr)* COMMA? RPAREN ;

// ---- relations: a source followed by pipeline steps -----------------------------------------
// `a union b`: the rows of both (UNION ALL), columns matched by name (docs/language.md).
relationDecl : LET? name ASSIGN qualifiedName (UNION qualifiedName)* step* ;

step
  : WHERE expr                                                   # whereStep
  | joinKind qualifiedName (AS name)? (ON expr)?                 # joinStep
  | DERIVE derivation (COMMA derivation)*                        # deriveStep
  | groupBy groupKey (COMMA groupKey)* (COMPUTE derivation (COMMA derivation)*)?   # groupStep
  | HAVING expr                                                  # havingStep
  ;

joinKind
  : JOIN | LEFT JOIN | SEMI JOIN | ANTI JOIN | CROSS JOIN
  | LEFT_JOIN | SEMI_JOIN | ANTI_JOIN | CROSS_JOIN
  ;
groupBy    : GROUP BY | GROUP_BY_ZH ;
derivation : name ASSIGN expr ;
groupKey   : expr (AS name)? ;

// ---- outputs --------------------------------------------------------------------------------
outputDecl : OUTPUT name (FROM qualifiedName)? LBRACE outputColumn (COMMA outputColumn)* COMMA? RBRACE outputClause* ;
outputColumn : expr (AS name)? ;
outputClause
  : orderBy orderKey (COMMA orderKey)*      # orderClause
  | DISTINCT                                # distinctClause
  ;
orderBy  : ORDER BY | ORDER_BY_ZH ;
orderKey : expr (ASC | DESC)? ;

// ---- expressions, loosest binding first ------------------------------------------------------
expr     : orExpr ;
orExpr   : andExpr (OR andExpr)* ;
andExpr  : notExpr (AND notExpr)* ;
notExpr  : NOT notExpr | predicate ;
predicate
  : additive ( compareOp additive
             | NOT? IN additive
             | NOT? BETWEEN additive AND additive
             | IS NOT? NULL_LIT
             | IS_NULL_ZH
             | NOT_NULL_ZH
             )?
  ;
compareOp : EQEQ | NEQ | LT | LE | GT | GE ;
additive       : multiplicative ((PLUS | MINUS) multiplicative)* ;
multiplicative : unary ((STAR | SLASH | PERCENT) unary)* ;
unary   : MINUS unary | postfix ;
postfix : primary (DOT name)* ;
primary
  : literal                                                      # literalPrimary
  | name (DOT name)? LPAREN (DISTINCT? callArg (COMMA callArg)* (orderBy expr (ASC | DESC)?)?)? RPAREN   # callPrimary
  | name                                                         # namePrimary
  | LPAREN expr RPAREN                                           # parenPrimary
  | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK                   # listPrimary
  | IF expr THEN expr ELSE expr                                  # ifPrimary
  | CASE (WHEN expr THEN expr)+ (ELSE expr)? END                 # casePrimary
  ;
callArg : STAR | expr ;
literal
  : (INT | DECIMAL) name?     // a distance: 200 m, 1.5 km, 200 米 (the unit is checked, not a keyword)
  | STRING
  | DATE
  | MONTH
  | DATETIME
  | TRUE_LIT
  | FALSE_LIT
  | NULL_LIT
  ;

qualifiedName : name (DOT name)* ;
// `rows`/`行` is a keyword only after a table's columns: anywhere else it is a name.
name : IDENT | QUOTED_IDENT | ROWS ;
