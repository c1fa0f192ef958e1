console.log('apexproof quickstart: coming soon');
